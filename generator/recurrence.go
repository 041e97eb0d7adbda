package generator

import (
	"github.com/code4health/cohortgen/models"
)

// appendProne adds to a person's held presentations those they are prone
// to (catalogue prone: recurrent tonsillitis runs in some children), with
// no condition (k -1): at the GP their weight is the presentation's times
// relative-1 above everyone's. Whether a person is prone is drawn from
// their own stream for the presentation, the same at every call.
func (w *worker) appendProne(per *person, held []presHeld) []presHeld {
	for _, pi := range w.plan.presProne {
		if pr := &w.plan.presentations[pi]; (pr.sex < 0 || pr.sex == per.sex) && w.isProne(per, pi) {
			held = append(held, presHeld{pi: pi, k: -1})
		}
	}
	return held
}

// isProne reports whether the person is prone to presentation pi (its
// prone share), drawn from their own stream for it: the same at every call.
func (w *worker) isProne(per *person, pi int) bool {
	s := per.stream(w.plan.Opts.Seed, purposeProne, uint64(pi))
	return s.Bernoulli(w.plan.presentations[pi].Prone.Share)
}

// proneOver reports whether a prone person's episodes of presentation pi
// are over by day d: they met the refer_when criteria ends_after_met_days
// before (referred and operated on, or the sore throats settled). A
// removing procedure is not booked while episodes go on after its day, so
// without an end a prone child would never have the operation.
func (w *worker) proneOver(per *person, pi int, d models.Date) bool {
	pr := &w.plan.presentations[pi]
	if pr.Prone.EndsAfterMetDays == 0 || len(pr.ReferWhen) == 0 || !w.isProne(per, pi) {
		return false
	}
	by := d - models.Date(pr.Prone.EndsAfterMetDays)
	onsets := w.episodeOnsets(per, pr.Key)
	for _, on := range onsets { // an episode by then that met them
		if on <= by && referCriteriaMet(pr, onsets, on+1, 0) {
			return true
		}
	}
	return false
}

// meetsReferCriteria reports whether presentation pi's episodes before day
// d, with the ones about to be opened (counted in the latest year), meet
// one of its refer_when criteria: at least so many episodes in each of the
// last so many years (SIGN 117: 7 in the last year, 5 in each of the last
// 2, 3 in each of the last 3). Episodes are counted by onset in the record.
func (w *worker) meetsReferCriteria(per *person, pi int, d models.Date, opening int) bool {
	pr := &w.plan.presentations[pi]
	return referCriteriaMet(pr, w.episodeOnsets(per, pr.Key), d, opening)
}

// episodeOnsets is the onset of each of the person's condition rows of the
// key, in the order written: gathered once for proneOver, which tests the
// criteria at each episode (before, each test scanned all the person's
// condition rows again: 2.7% of the generator's instructions, issue 17).
// The slice is the worker's, reused: valid until the next call.
func (w *worker) episodeOnsets(per *person, key string) []models.Date {
	onsets := w.onsets[:0]
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionKey == key {
			onsets = append(onsets, c.OnsetDate)
		}
	}
	w.onsets = onsets
	return onsets
}

// referCriteriaMet is meetsReferCriteria on the episodes' onsets.
func referCriteriaMet(pr *presPlan, onsets []models.Date, d models.Date, opening int) bool {
	longest := 0
	for _, c := range pr.ReferWhen {
		longest = max(longest, c.Years)
	}
	var years [8]int // on the stack: SIGN 117's criteria look back 3 years
	perYear := years[:min(longest, len(years))]
	if longest > len(years) {
		perYear = make([]int, longest)
	}
	perYear[0] = opening // [0]: the year before d
	for _, on := range onsets {
		if on >= d {
			continue
		}
		if y := int(d-on-1) / 365; y < longest {
			perYear[y]++
		}
	}
	for _, c := range pr.ReferWhen {
		met := true
		for y := 0; y < c.Years; y++ {
			met = met && perYear[y] >= c.Episodes
		}
		if met {
			return true
		}
	}
	return false
}
