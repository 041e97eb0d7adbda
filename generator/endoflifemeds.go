package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// fewerDrugs stops, at the end-of-life medicines review on day d, the
// courses of the treatment lines a dying person no longer needs (catalogue
// end_of_life fewer_drugs: the drugs added to metformin in type 2 diabetes,
// STOPPFrail's monotherapy). A scenario's forced medicine goes on. The
// sixteenth review found 129 register deaths on two to four diabetes drugs
// to the end. A drug of a stopped line given in the first line's place
// (sitagliptin after metformin was stopped for the kidneys, renalswitch.go)
// stops too: the one drug kept is the first line's own (brief h54e).
// An entry with last_days waits for the last weeks (dyingmeds.go). An
// entry naming classes stops their courses whatever they were given for
// (dapagliflozin for heart failure or CKD as for diabetes: h58e).
func (w *worker) fewerDrugs(per *person, d models.Date) {
	eol := w.plan.Cat.EndOfLife
	for i := range eol.FewerDrugs {
		if f := &eol.FewerDrugs[i]; f.LastDays == 0 {
			w.stopLines(per, f, d)
		}
	}
}

// stopLines stops on day d the running courses of the entry's lines; it
// reports whether one was running.
func (w *worker) stopLines(per *person, f *datasets.FewerDrugs, d models.Date) bool {
	stopped := false
	for k := range per.courses {
		if w.ofEntry(per, k, f, d) {
			w.stopCourse(per, k, max(d, per.courses[k].start+1))
			stopped = true
		}
	}
	return stopped
}

// ofEntry reports whether course k runs on day d on one of the entry's
// lines (a scenario's forced medicine goes on).
func (w *worker) ofEntry(per *person, k int, f *datasets.FewerDrugs, d models.Date) bool {
	cr := &per.courses[k]
	if len(f.Classes) > 0 { // whatever condition it was given for
		return !cr.forced && cr.running(d) && slices.ContainsFunc(cr.meds.classes, func(c string) bool { return slices.Contains(f.Classes, c) })
	}
	if cr.line < 0 || cr.forced || !cr.running(d) || per.conds[cr.cond].plan.Key != f.Condition {
		return false
	}
	return slices.Contains(f.StopLines, cr.line+1) || ofStopLine(per.conds[cr.cond].plan, f.StopLines, cr.meds)
}

// ofStopLine reports whether the medicine is an option of one of the
// condition's lines numbered in stop (from 1).
func ofStopLine(c *condPlan, stop []int, m *medPlan) bool {
	for _, n := range stop {
		if n >= 1 && n <= len(c.lines) && slices.Contains(c.lines[n-1].meds, m) {
			return true
		}
	}
	return false
}
