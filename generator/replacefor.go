package generator

import "github.com/code4health/cohortgen/models"

// replaceForCondition stops, on day d, the courses for condition ci of the
// medicines that line's option m replaces (catalogue replaces): a separate
// salbutamol inhaler once maintenance and reliever therapy starts for
// asthma. A course given for another condition goes on.
func (w *worker) replaceForCondition(per *person, ci int, line *linePlan, m *medPlan, d models.Date) {
	for j, o := range line.meds {
		if o != m {
			continue
		}
		for _, key := range line.Options[j].Replaces {
			for k := range per.courses {
				if cr := &per.courses[k]; cr.cond == ci && cr.med.Key == key && cr.running(d) && !cr.forced {
					w.stopCourse(per, k, d)
					// coded at the review, as a step down's stop (stepdown.go):
					// a repeat ending with nothing in its place reads as a lapse
					w.steppedDown = w.steppedDown || line.Options[j].ReplacesCoded
				}
			}
		}
	}
}
