package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// shiftOn is how far a scenario cohort's shift (w.shifts, set while a
// member is generated again to bring a constrained reading into range)
// moves the member's usual level of a numeric observation on a day.
//
// When the observation defines a condition the member holds (HbA1c for type
// 2 diabetes, eGFR for CKD), the shift is part of that condition: it grows
// with the condition as it develops and is whole from diagnosis on. Before
// it, the person is not yet a diabetic and reads like one who is not, and
// the diagnosis anchor does not cancel it (a poorly controlled diabetic is
// poorly controlled on treatment, and treatment answers those readings).
// An observation that defines no held condition is shifted on every day.
func (w *worker) shiftOn(per *person, slot int, day models.Date) float64 {
	if w.shifts == nil || w.shifts[slot] == 0 {
		return 0
	}
	f, defines := 1.0, false
	for _, l := range w.plan.obsLimits[slot] {
		for k := range per.conds {
			if hc := &per.conds[k]; hc.plan.idx == l.cond {
				if !defines {
					f, defines = 0, true
				}
				f = max(f, developing(hc, day))
			}
		}
	}
	return w.shifts[slot] * f
}

// treatmentAhead is how much the treatment not yet given would lower a
// reading of slot that is raised to level by a shift: a care pathway that
// reads slot against a target the level misses (HbA1c 75 against NICE
// NG28's 58) intensifies: a titrated line running on a lower dose is
// stepped up to its full dose (its effect scales with the dose), and the
// remaining lines are started, each lowering the level by its catalogue
// effect times the mean of people's responses. Adding it to the shift lets
// the first shifted record land where the constraint asks, escalations
// included, instead of a second one finding them.
func (w *worker) treatmentAhead(per *person, slot int, level float64, day models.Date) float64 {
	var ahead float64
	for ci := range per.conds {
		hc := &per.conds[ci]
		c := hc.plan
		t := c.CareTarget
		if t == nil || t.BelowPredicted > 0 || c.targetSlot != slot || !hc.treated || hc.exhausted {
			continue
		}
		if limit, _ := t.At(per.ageOn(day)); level <= limit {
			continue
		}
		for k := range per.courses {
			cr := &per.courses[k]
			if cr.cond == ci && cr.line >= 0 && c.lines[cr.line].Titrate && cr.running(day) {
				ahead += lowering(cr.effects, slot) * (1 - cr.reg.Effect) * cr.response
			}
		}
		for li := hc.line + 1; li < len(c.lines); li++ {
			ahead += lowering(c.lines[li].effects, slot) * meanResponse
		}
	}
	return ahead
}

// meanResponse is the mean of the log-normal drug response (median 1).
var meanResponse = math.Exp(drugResponseSD * drugResponseSD / 2)

// lowering is how much effects lower slot (0 when they raise it).
func lowering(effects []obsEffect, slot int) float64 {
	var v float64
	for _, e := range effects {
		if e.obs == slot && e.delta < 0 {
			v -= e.delta
		}
	}
	return v
}
