package generator

import "github.com/code4health/cohortgen/models"

// One schedule for a condition's reviews (twenty-seventh review): the
// condition's rate a year, and a child under a paediatric team is seen at
// its clinic's rate. The usual schedule and the one a condition found at
// another's review begins (found.go) both read it.

// reviewInterval is the number of days from a review of the condition held
// as hc on day to the next one on its recall schedule.
func (w *worker) reviewInterval(per *person, hc *heldCondition, day float64) float64 {
	c := hc.plan
	if pc := c.Reviews.Paediatric; pc != nil && per.ageOn(models.Date(day)) < pc.Under {
		return 365.25 / float64(pc.PerYear)
	}
	return 365.25 / float64(max(c.Reviews.PerYear, 1))
}
