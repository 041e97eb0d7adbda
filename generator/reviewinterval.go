package generator

import "github.com/code4health/cohortgen/models"

// Reviews come as often as the person's state calls for (twenty-seventh
// review). CKD was reviewed once a year at every stage, so a man at stage 4
// had one eGFR a year from his GP; NICE NG203 monitors eGFR more often the
// lower it is (catalogue reviews.by_stage). A child under a
// paediatric team is seen at its clinic's rate.

// reviewInterval is the number of days from a review of the condition held
// as hc on day to the next one on its recall schedule.
func (w *worker) reviewInterval(per *person, hc *heldCondition, day float64) float64 {
	c := hc.plan
	if pc := c.Reviews.Paediatric; pc != nil && per.ageOn(models.Date(day)) < pc.Under {
		return 365.25 / float64(pc.PerYear)
	}
	perYear := max(c.Reviews.PerYear, 1)
	if by := c.Reviews.ByStage; len(by) > 0 {
		// The schedule is drawn before the readings, so it follows the
		// person's usual level: lowered by one visit-to-visit spread, as a
		// practice codes the stage its readings fall in, and a usual 47
		// reads below 45 at about one test in three (model).
		level := w.usualLevel(per, c.stagedBy, models.Date(day)) - w.plan.obsModels[c.stagedBy].Noise
		for k := len(c.stages) - 1; k >= 0; k-- {
			if level < c.stages[k].Below {
				perYear = max(perYear, by[k])
				break
			}
		}
	}
	return 365.25 / float64(perYear)
}
