package generator

import "github.com/code4health/cohortgen/models"

// gpMorbidity is the multiplier on a person's background GP contacts
// (catalogue activity.gp_other) for the chronic conditions held by day d:
// 1 + gp_per_condition_multiplier per condition. GP consultation rates rise
// more steeply with multimorbidity than hospital activity (morbidity), and
// gp_other is set so that each age band's total stays as published; so a
// person with nothing on record comes less often than the band's average
// and one with several conditions more.
func (w *worker) gpMorbidity(per *person, d models.Date) float64 {
	return 1 + w.plan.Cat.Activity.GPPerConditionMultiplier*float64(per.heldBy(d))
}
