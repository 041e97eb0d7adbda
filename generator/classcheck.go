package generator

import "github.com/code4health/cohortgen/models"

// classCheck codes the check a condition's review makes of a person using a
// class of medicine (catalogue reviews class_check): inhaler technique
// observed at the asthma or COPD review of a person with an inhaler running
// (NICE NG245, NG115: check inhaler technique at every review, approx). Once
// in every_days whichever of the person's conditions is reviewed, so a
// joint asthma and COPD review, or a follow-up weeks after, codes it once
// (nineteenth review: no COPD or asthma record held it). With
// after_flare_days the review after an exacerbation checks it again (h71d:
// the BTS asthma care bundle checks inhaler technique after an attack; 21%
// of asthma attacks had the check within 6 weeks).
func (w *worker) classCheck(per *person, c *condPlan, encID string, t models.Timestamp) {
	cc := c.Reviews.ClassCheck
	if cc == nil {
		return
	}
	d := t.Date()
	if !w.classRunning(per, cc.Class, d, -1) {
		return
	}
	if w.codedWithin(per, c.classCheck.Snomed, d, cc.EveryDays) {
		f := lastFlareBefore(per, c.idx, d)
		if cc.AfterFlareDays == 0 || f == models.NoDate || d-f > models.Date(cc.AfterFlareDays) || w.codedWithin(per, c.classCheck.Snomed, d, int(d-f)+1) {
			return // none since an exacerbation that calls for it
		}
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, c.classCheck))
}

// lastFlareBefore is the day of the last exacerbation of catalogue condition
// ci within the record on or before day d (NoDate: none). One simulated
// before the record opens is not written, so nothing answers it.
func lastFlareBefore(per *person, ci int, d models.Date) models.Date {
	last := models.NoDate
	for _, f := range per.flares {
		if f.cond == ci && f.day >= per.firstDay && f.day <= d && (last == models.NoDate || f.day > last) {
			last = f.day
		}
	}
	return last
}
