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
	if lf == nil || !ev.diag || hc.presented || hc.line >= 0 || hc.line < hc.forced {
		return false
	}
	if holdsAny(per, lf.Without, d) && !w.olderStage1(per, hc, d) {
		return false
	}
	if read(w.plan.obsIndex[hc.plan.DefinedBy.Observation]) >= lf.Below && !(w.olderStage1(per, hc, d) && w.ambulatoryStage1(per, hc, d)) {
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
func (w *worker) startHeldBack(per *person, ci int, d models.Date, egfr float64, read func(int) float64, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	if hc.startAt == 0 || d < hc.startAt {
		return false
	}
	hc.startAt = 0
	if hc.line >= 0 || !hc.treated {
		return false
	}
	if w.olderStage1(per, hc, d) && w.meanWithLast(per, hc.plan.targetSlot, d, read(hc.plan.targetSlot)) <= w.startLimit(per, hc.plan.CareTarget, d) {
		return false // under the target at the age: later reviews start it above it
	}
	w.startLine(per, ci, 0, d, egfr, s)
	hc.lastChange = d
	return true
}

// lifestyleStream is the stream of condition ci's held-back start: its
// follow-up's day, then the draws of that review (its appointment, its
// readings), so that adding it moves no other draw.
func (w *worker) lifestyleStream(per *person, ci int) distributions.Stream {
	return per.stream(w.plan.Opts.Seed, purposeLifestyleFirst, uint64(per.conds[ci].plan.idx))
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

// olderStage1 reports whether condition hc's first line follows the care
// target of the very old on day d (lifestyle_first target_from_80): from
// 80, NICE NG136 1.4.12 considers a drug for stage 1 hypertension only
// above the clinic target of 150/90, with judgement in frailty, and the
// comorbidities that start one at the diagnosis under 80 (1.4.10) do not.
// Before, 143 of 253 first antihypertensives started at 80 or over followed
// an ambulatory average under 150 and clinic readings averaging under 150
// (generate -n 20000 -s 83; h55g).
func (w *worker) olderStage1(per *person, hc *heldCondition, d models.Date) bool {
	lf, t := hc.plan.LifestyleFirst, hc.plan.CareTarget
	return lf != nil && lf.TargetFrom80 && t != nil && t.AboveFrom80 > 0 && per.ageOn(d) >= 80
}

// startLimit is the reading at or under which a first line held back for a
// person of 80 or over does not start: the care target at the age, or the
// relaxed one in frailty or end-of-life care (stepdown.go), one definition.
func (w *worker) startLimit(per *person, t *datasets.Target, d models.Date) float64 {
	return max(t.LimitAt(per.ageOn(d)), w.relaxedTarget(per, t, d))
}

// ambulatoryStage1 reports whether the ambulatory daytime systolic average
// coded for condition hc's diagnosis (within 60 days before day d) is under
// lifestyle_first's ambulatory_below: stage 1 at any clinic reading.
func (w *worker) ambulatoryStage1(per *person, hc *heldCondition, d models.Date) bool {
	lf, dx := hc.plan.LifestyleFirst, hc.plan.Diagnosis
	if lf.AmbulatoryBelow <= 0 || dx == nil || dx.Confirm == nil || dx.Confirm.Ambulatory == nil {
		return false
	}
	code, ok := datasets.ObservationByKey(dx.Confirm.Ambulatory.Code)
	if !ok {
		return false
	}
	v, ok := w.latestRecorded(per, code.Snomed, d, 60)
	return ok && v < lf.AmbulatoryBelow
}

// meanWithLast is the mean of today's reading v and the slot's last two
// readings before day d: the GP's decision to start a drug at 80 or over
// reads the recent level, not one raised reading (a first antihypertensive
// began at a single 166 after readings of 136-141).
func (w *worker) meanWithLast(per *person, slot int, d models.Date, v float64) float64 {
	sum, n := v, 1
	rows := w.readingsOf(per, slot)
	var last models.Timestamp
	for n < 3 {
		found := false
		var at models.Timestamp
		var val float64
		for _, r := range rows {
			o := &w.b.Observations[r]
			if o.Value == nil || o.EffectiveTime.Date() >= d || (last != 0 && o.EffectiveTime >= last) {
				continue
			}
			if !found || o.EffectiveTime > at {
				at, val, found = o.EffectiveTime, *o.Value, true
			}
		}
		if !found {
			break
		}
		sum, n, last = sum+val, n+1, at
	}
	return sum / float64(n)
}
