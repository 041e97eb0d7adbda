package generator

import "github.com/code4health/cohortgen/models"

// A step onto a line with a step_chance of its own (brief h67g). The target's
// escalate chance is clinical inertia at the early steps, drawn at every
// second miss in a row; on A+C+D it left people above target for a year or
// more with no fourth drug, no referral and, between the yearly coded
// declines, nothing on the record (17 people on three classes above target
// for more than a year, 6 with no decision, generate -n 20000 -s 83). NICE
// NG136 1.4.47-1.4.50 makes resistant hypertension a decision: confirm the
// reading, check adherence, then the fourth drug by the potassium.

// stepChance is the chance of the step up a second miss on day d calls for:
// the next line's step_chance when it is higher than escalate and the step
// is to that line (the line taken is not titrated, or no dose of it can be
// raised: escalate raises a dose first), else escalate.
func (w *worker) stepChance(per *person, ci int, d models.Date, egfr, escalate float64) float64 {
	hc := &per.conds[ci]
	c := hc.plan
	if hc.line < 0 || hc.line+1 >= len(c.lines) || c.lines[hc.line+1].StepChance <= escalate {
		return escalate
	}
	if c.lines[hc.line].Titrate {
		for k := range per.courses {
			if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && w.canStepUp(per, k, d, egfr) {
				return escalate
			}
		}
	}
	return c.lines[hc.line+1].StepChance
}
