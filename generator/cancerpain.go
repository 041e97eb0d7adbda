package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Pain starts the strong opioid (brief h74d). A GP review found the
// modified-release morphine of end-of-life care started the day the
// palliative care register entry was coded, with no pain on the record
// (338 of 499 starts, generate -n 20000 -s 83). NICE CG140 1.1.4 starts a
// strong opioid for pain, with a laxative beside it (1.1.11). The pain is
// now coded at the contact that starts it: the first visit of the care for
// the share in pain then (catalogue symptom_control pain at_entry), else a
// home visit about the pain on a day drawn between that visit and limit
// (the death, or the syringe driver's day), on a stream of its own.

// painStart is the contact (enc at start) at which the pain that starts the
// medicines is coded, given the first visit of the care (enc at start);
// false when the pain begins too late for a visit before limit.
func (w *worker) painStart(per *person, enc string, start models.Timestamp, limit models.Date) (string, models.Timestamp, bool) {
	pn := w.plan.Cat.EndOfLife.SymptomControl.Pain
	if pn == nil {
		return enc, start, true
	}
	code, _ := datasets.ObservationByKey(pn.Observation) // checked at load
	s := per.stream(w.plan.Opts.Seed, purposeCancerPain)
	if day := start.Date(); !s.Bernoulli(pn.AtEntry) {
		if limit-day < 2 {
			return "", 0, false
		}
		d := day + 1 + models.Date(s.IntN(int(limit-day-1)))
		e, at, ok := w.gpVisit(per, d, encGPHomeVisit, per.causeID, &s)
		if !ok || at.Date() >= limit {
			return "", 0, false
		}
		enc, start = e, at
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(5), &code))
	return enc, start, true
}
