package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// hba1cReason reports whether a GP contact outside the reviews on day d,
// about reason (a condition row id; "" with nothing else to see: the
// check-up, withReason false) has a reason for the HbA1c its draw asked
// for (catalogue activity opportunistic_hba1c): an NHS Health Check of
// someone at risk of diabetes by the programme's filters (the usual
// systolic pressure or BMI at their thresholds), or a contact about
// diabetes, non-diabetic hyperglycaemia or tiredness. It is read after the
// draw, so no other draw moves where the HbA1c was taken before.
func (w *worker) hba1cReason(per *person, withReason bool, reason string, d models.Date) bool {
	o := &w.plan.Cat.Activity.OpportunisticHbA1c
	if !withReason {
		sl := &w.plan.slots
		return w.usualLevel(per, sl.systolic, d) >= o.SystolicAtLeast || w.usualLevel(per, sl.bmi, d) >= o.BMIAtLeast
	}
	c := w.conditionRow(per, reason)
	return c != nil && slices.Contains(o.Reasons, c.ConditionKey)
}
