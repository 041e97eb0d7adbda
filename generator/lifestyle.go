package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Stage 1 hypertension is not treated with a drug on the day it is
// diagnosed (NICE NG136 1.4.10-1.4.12): lifestyle advice comes first, and
// drug treatment is discussed at a follow-up, at once only for stage 2 or
// for people with cardiovascular or renal disease or diabetes. The
// fourteenth review counted 95% of treated hypertension started on the day
// of diagnosis, most of it at a clinic systolic under 160. A condition with
// lifestyle_first holds back a treated person's first line when the
// diagnosing reading is below its threshold, and starts it at a follow-up
// some weeks to months later.

// holdsForLifestyle reports whether the first line of condition ci, due at
// its diagnosis on day d, waits for lifestyle advice, and if so books the
// follow-up that starts it (w.lifestyleEvent; the next routine review
// starts it when that comes first).
func (w *worker) holdsForLifestyle(per *person, ev reviewEvent, d models.Date, read func(int) float64) bool {
	hc := &per.conds[ev.cond]
	lf := hc.plan.LifestyleFirst
	if lf == nil || !ev.diag || hc.presented || hc.line >= 0 || hc.line < hc.forced || holdsAny(per, lf.Without, d) {
		return false
	}
	if read(w.plan.obsIndex[hc.plan.DefinedBy.Observation]) >= lf.Below {
		return false
	}
	s := w.lifestyleStream(per, ev.cond)
	hc.startAt = d + models.Date(between(lf.Days, &s))
	code, _ := datasets.ObservationByKey(lf.Code) // known: the catalogue check
	w.advised = &code                             // coded at the diagnosing visit (adviseAt)
	if hc.startAt < ev.next {
		w.lifestyleEvent = reviewEvent{day: hc.startAt, next: ev.next, cond: ev.cond, due: true, lifestyle: true}
	}
	return true
}

// startHeldBack starts the first line held back for lifestyle advice once
// its follow-up (or a review after it) comes, and reports whether it did.
func (w *worker) startHeldBack(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	if hc.startAt == 0 || d < hc.startAt {
		return false
	}
	hc.startAt = 0
	if hc.line >= 0 || !hc.treated {
		return false
	}
	w.startLine(per, ci, 0, d, egfr, s)
	hc.lastChange = d
	return true
}

// lifestyleStream is the stream of condition ci's held-back start: its
// follow-up's day, then the draws of that review (its appointment, its
// readings), so that adding it moves no other draw.
func (w *worker) lifestyleStream(per *person, ci int) distributions.Stream {
	return distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeLifestyleFirst, uint64(per.conds[ci].plan.idx))
}

// adviseAt codes the lifestyle advice given at the review just held, if
// its first line waits for it, at the review's encounter (none before the
// record opens).
func (w *worker) adviseAt(per *person, encID string, t models.Timestamp) {
	if w.advised != nil && encID != "" {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, w.advised))
	}
	w.advised = nil
}
