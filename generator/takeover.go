package generator

import "github.com/code4health/cohortgen/models"

// A line option marked take_over (catalogue; twelfth review) moves a course
// of its medicine already running for another condition onto the option's
// ladder when the line starts: the same product, now a step of that ladder,
// so the line's titration steps it up from there. Ramipril begun at 2.5 mg
// for hypertension is step 1 of heart failure's ladder (1.25, 2.5, 5,
// 10 mg) when heart failure follows, and is raised to 10 mg at the
// titration reviews (NICE NG106 1.4: titrate to the target or the highest
// tolerated dose). It happens at the diagnosis (the condition's first
// review), whether or not the condition is drawn as treated: someone on
// ramipril already is. The course keeps its condition (its reviews still issue
// it), its start and its dose; only its ladder changes, so nothing is
// issued for the move.

// takeOver moves each course of a take_over option of the condition's lines
// onto the option's ladder, on day d: at the condition's first review, the
// diagnosis, whether or not the condition is drawn as treated.
func (w *worker) takeOver(per *person, hc *heldCondition, d models.Date) {
	for li := range hc.plan.lines {
		if !hc.needsHold(li) { // a line the reading does not call for takes nothing over
			w.takeOverLine(per, &hc.plan.lines[li], d)
		}
	}
}

func (w *worker) takeOverLine(per *person, line *linePlan, d models.Date) {
	for i, o := range line.Options {
		m := line.meds[i]
		if !o.TakeOver || m == nil {
			continue
		}
		k := w.covered(per, m, d)
		if k < 0 {
			continue
		}
		cr := &per.courses[k]
		if cr.med != m.med || cr.meds == m {
			continue
		}
		if step := sameProductStep(m, cr.reg.DMDCode, per.ageOn(d)); step >= 0 {
			cr.meds, cr.reg = m, m.regimen(per.ageOn(d), step)
		}
	}
}

// sameProductStep is the highest step of m's ladder that prescribes product
// code at age age, or -1 when none does.
func sameProductStep(m *medPlan, code string, age int) int {
	out := -1
	for _, g := range m.regimens {
		if g.DMDCode == code && age >= g.MinAge && age <= g.MaxAge && g.Step > out {
			out = g.Step
		}
	}
	return out
}
