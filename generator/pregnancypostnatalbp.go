package generator

import (
	"github.com/code4health/cohortgen/models"
)

// The blood pressure check after the birth (brief h68d). Before, a woman
// with gestational hypertension, pre-eclampsia or chronic hypertension had
// no blood pressure recorded from the birth to the 6-8 week postnatal check.
// NICE NG133 (2019) 1.6-1.7: measure it at least once between day 3 and day
// 5 after the birth. pregnancy.yaml raised_bp postnatal.

// postnatalBP writes the check for the woman's i-th pregnancy, a birth, when
// she held a hypertensive problem of the pregnancy (gestational
// hypertension, pre-eclampsia) or a chronic hypertension on the day of the
// birth: a visit about that problem on a day drawn in the check's days after
// the birth, recording its checks. None when the record ends first. Its own
// stream: no other draw moves. It returns the visit and the time of its
// reading ("" none), which postnatalBPReview reads (brief h69c).
func (w *worker) postnatalBP(per *person, i int) (string, models.Timestamp) {
	rb := w.plan.pregnancy.raisedBP
	if rb == nil || rb.r.Postnatal == nil {
		return "", 0
	}
	pn, pg := rb.r.Postnatal, &per.pregnancies[i]
	about := w.problemRowOn(per, rb.held, pg.end)
	if about == "" {
		about = w.problemRowOn(per, rb.r.Chronic, pg.end)
	}
	if about == "" {
		return "", 0
	}
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 14)
	d := pg.end + models.Date(between(pn.Days, &s))
	if d > per.lastDay {
		return "", 0
	}
	enc, start, ok := w.outpatientAt(per, d, about, &s) // (the day after a stay that covers d)
	if !ok {
		return "", 0
	}
	w.typeEncounter(per, enc, &pn.Visit)
	at := start.AddMinutes(5)
	w.anyAge = true // as antenatalChecks: an adolescent mother's pressure is taken as an adult's
	for _, c := range rb.postnatal {
		if c.slot >= 0 {
			w.observe(per, enc, at, c.slot, &s)
		} else if c.finding != nil {
			w.b.Observations = append(w.b.Observations, w.observation(per, enc, at, c.finding))
		}
	}
	w.anyAge = false
	return enc, at
}
