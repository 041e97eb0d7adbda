package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A mildly raised potassium (5.5-5.9) on spironolactone halves its dose
// (prescribing.yaml result_stops mild_lower): the BNF and the MRA guides
// reduce the dose between 5.5 and 6.0 and stop it above 6.0. Before (h57c),
// the mild result was only repeated and the full dose went on: 107 readings
// of 5.5-5.9 in 50 people on spironolactone with no dose change
// (generate -n 20000 -s 83).
//
// An ACE inhibitor or ARB (step_down_classes) above the first dose of its
// ladder moves one step down there (h59a, issue 9: of 437 potassiums of
// 5.5-5.9 on one, 416 had the same dose or more 30 days on, generate -n
// 20000 -s 83); CKS hyperkalaemia and NICE NG203: at 5.5-5.9 reduce the
// dose and recheck, stop at 6.0. One step, not to the bottom: a heart
// failure ladder goes on up from there once the potassium allows.

// lowerOnMild moves each running course of the rule's mild_lower medicines
// to the halved dose on day d, issued at the encounter of the result (the
// practice acts on it that day), unless it is on that dose already, it
// started that day or a scenario forces it.
func (w *worker) lowerOnMild(per *person, rs *resultStopPlan, encID string, d models.Date) {
	ml := rs.MildLower
	if e := w.encounterByID(per, encID); ml == nil || e == nil || e.StartTime.Date() != d {
		return // (a result of a stay's later day: the ward acts on it)
	}
	age := per.ageOn(d)
	for k, n := 0, len(per.courses); k < n; k++ { // changeStep appends the new course
		c := &per.courses[k]
		if !c.running(d) || c.forced || c.start >= d || c.reg == nil {
			continue
		}
		step := ml.Step
		switch {
		case slices.Contains(ml.Medicines, c.med.Key):
			if c.reg.Step == step && ml.StopOnStep {
				w.stopOnHalvedDose(per, rs, k, d)
				continue
			}
		case slices.ContainsFunc(ml.StepDownClasses, func(cl string) bool { return datasets.InClass(c.med.Key, cl) }):
			step = c.reg.Step - 1 // an ACE inhibitor or ARB: one step down its ladder
		default:
			continue
		}
		if step < 0 || c.reg.Step == step || !c.meds.hasStep(age, step) {
			continue
		}
		reg := c.meds.regimen(age, step)
		if reg == nil || reg.Step != step || !w.issueCovers(c, d) && w.curEnc != encID {
			continue // no issue running today, and no review of today renewing it: the next review decides
		}
		if w.loweredSoon(per, c, step, d) {
			continue // a later review, already written, lowers it within a cycle
		}
		// issued at the result's encounter, whatever review is being
		// written (a monitoring sample booked weeks after it)
		prev := w.curEnc
		w.curEnc = encID
		w.changeStep(per, k, reg, d)
		w.curEnc = prev
	}
}

// stopOnHalvedDose stops course k, on its halved dose already, at a second
// mild result on day d: there is no lower dose to go to (prescribing.yaml
// mild_lower stop_on_step). Before (h60a), 131 of 135 potassiums of 5.5-5.9
// on spironolactone 25 mg on alternate days had it running 28 days on
// (generate -n 20000 -s 83). The mild repeat follows (mildRecheck); the
// heart failure ladder may start it again once a potassium is 5.0 or less
// (start_above).
func (w *worker) stopOnHalvedDose(per *person, rs *resultStopPlan, k int, d models.Date) {
	per.courses[k].stoppedFor = rs
	w.stopCourse(per, k, d)
	w.stopCompanions(per, d)
}

// issueCovers reports whether course c's latest issue covers day d: the
// halved dose replaces it from d. Else only the review being written at the
// result's encounter halves it (its repeats are issued after): an unissued
// course would be first issued at a later review, read as a start against
// this result (TestNoHardViolations/population, h57c).
func (w *worker) issueCovers(c *course, d models.Date) bool {
	if c.lastRx < 0 || c.lastRx >= len(w.b.Prescriptions) {
		return false
	}
	rx := &w.b.Prescriptions[c.lastRx]
	return rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d)
}

// loweredSoon reports whether course c already has a successor on dose step
// (same medicine and condition, starting the day c stops) within one
// issue's supply (prescribing.yaml repeats issue_days) after day d. A
// review written before this result, but dated after it, lowered the dose
// there; a result read out of day order (an interaction check's potassium)
// halving c again would issue the lowered dose twice, days apart, the
// second course overlapping the first. Before (h62a), 3 duplicate issues
// at generate -n 8000 -s 83 (ramipril 2.5 mg issued at the check-up and
// again at the review two days later).
func (w *worker) loweredSoon(per *person, c *course, step int, d models.Date) bool {
	if c.stop == models.NoDate || c.stop-d > models.Date(w.plan.repeats.IssueDays) {
		return false
	}
	for i := range per.courses {
		s := &per.courses[i]
		if s != c && s.start == c.stop && s.med == c.med && s.cond == c.cond && s.reg != nil && s.reg.Step == step {
			return true
		}
	}
	return false
}
