package generator

import (
	"slices"

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
func (w *worker) fewerDrugs(per *person, d models.Date) {
	eol := w.plan.Cat.EndOfLife
	for _, f := range eol.FewerDrugs {
		for k := range per.courses {
			cr := &per.courses[k]
			if cr.line < 0 || cr.forced || !cr.running(d) || per.conds[cr.cond].plan.Key != f.Condition {
				continue
			}
			if slices.Contains(f.StopLines, cr.line+1) || ofStopLine(per.conds[cr.cond].plan, f.StopLines, cr.meds) {
				w.stopCourse(per, k, max(d, cr.start+1))
			}
		}
	}
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
