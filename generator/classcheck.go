package generator

import "github.com/code4health/cohortgen/models"

// classCheck codes the check a condition's review makes of a person using a
// class of medicine (catalogue reviews class_check): inhaler technique
// observed at the asthma or COPD review of a person with an inhaler running
// (NICE NG245, NG115: check inhaler technique at every review, approx). Once
// in every_days whichever of the person's conditions is reviewed, so a
// joint asthma and COPD review, or a follow-up weeks after, codes it once
// (nineteenth review: no COPD or asthma record held it).
func (w *worker) classCheck(per *person, c *condPlan, encID string, t models.Timestamp) {
	cc := c.Reviews.ClassCheck
	if cc == nil {
		return
	}
	d := t.Date()
	if !w.classRunning(per, cc.Class, d, -1) || w.codedWithin(per, c.classCheck.Snomed, d, cc.EveryDays) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, c.classCheck))
}
