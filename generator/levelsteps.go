package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// Titration by the drug's own level (prescribing.yaml monitoring
// level_steps; brief h70f, issue 9). Lithium was issued at 800 mg at night
// from the first day and never changed: all 537 issues at generate -n 20000
// -s 83, while levels of 0.4 and 1.15-1.19 were read and rechecked. NICE
// CG185 and the BNF start lithium low (400 mg at night), take the level 12
// hours after the dose a week after starting and after each dose change,
// and adjust the dose to 0.6-0.8 mmol/L for most (0.4-1.0 the range). Now
// the course starts at its lowest regimen step, the level read scales with
// the dose, and a level below the raise line in the first weeks of a dose
// raises it one step (below 0.4, at any time), one above 1.0 lowers it,
// at a review or a visit between reviews; each change starts the weekly
// levels again (the course's start schedule). No draw: a level is acted on.

// scaleLevel scales the level written as observation n (the monitoring
// test of course cr at t) by the dose: the usual level is the person's at
// the top regimen step, a lower step reads it times the step's effect.
func (w *worker) scaleLevel(per *person, cr *course, mp *monitorPlan, n int, t models.Timestamp) {
	if mp.levelSteps == nil || cr.reg == nil || cr.reg.Effect >= 1 || cr.reg.Effect <= 0 {
		return
	}
	o := &w.b.Observations[n]
	if o.Value == nil {
		return
	}
	sc := math.Pow(10, float64(w.plan.obsModels[mp.slot].Decimals))
	v := math.Round(*o.Value*cr.reg.Effect*sc) / sc
	o.Value = w.value(v)
	if per.hasLast[mp.slot] && per.lastAt[mp.slot] == t {
		per.lastVal[mp.slot] = v
	}
}

// stepByLevel moves course k's dose by the level v read at t (encID): up a
// step below the raise line within the raise window after the course's
// start (from), down a step above the lower line. The new dose is issued
// at the appointment that read the level. It returns the new course's
// index and whether the dose changed. A level below the range (mp.lo) is
// raised at any time, where a higher step is left.
func (w *worker) stepByLevel(per *person, k int, mp *monitorPlan, encID string, t models.Timestamp, v float64, from models.Date) (int, bool) {
	ls := mp.levelSteps
	d := t.Date()
	cr := &per.courses[k]
	if ls == nil || cr.reg == nil || !cr.running(d) || cr.forced {
		return k, false
	}
	if !per.hasLast[mp.slot] || per.lastAt[mp.slot] != t {
		return k, false // no level written at t (the start day's, taken as in range)
	}
	step := cr.reg.Step
	switch {
	case v > ls.LowerAbove && step > 0:
		step--
	case (v < mp.lo || v < ls.RaiseBelow && d-from <= models.Date(ls.RaiseWithinDays) && !lowered(per, cr)) && w.stepAllowed(per, k, d, w.latestEGFR(per, d)):
		step++
	default:
		return k, false
	}
	reg := cr.meds.regimen(per.ageOn(d), step)
	if reg == nil || reg.Step != step {
		return k, false
	}
	was := w.curEnc
	w.curEnc = encID
	nk := w.changeStep(per, k, reg, d)
	w.curEnc = was
	return nk, true
}

// titratedBefore is the step a course of m started on day d begins at: a
// medicine titrated by its level started before the record opens was
// titrated there, and runs into the record at its top step (the dose the
// levels settled at; the first reading in the record moves it if it must).
// Before, such courses ran at 400 mg with levels of 0.3 for years.
func titratedBefore(per *person, m *medPlan, step int, d models.Date) int {
	if m.monitor == nil || m.monitor.levelSteps == nil || d >= per.firstDay {
		return step
	}
	if r := m.regimen(per.ageOn(d), 99); r != nil {
		return r.Step
	}
	return step
}

// lowered reports whether an earlier course of cr's medicine for the same
// condition ran at a higher step: the dose was lowered for a high level, and
// a level under the raise line on the lower dose is not raised back (the
// first reading of a weekly series after a lowering raised it again, and
// the next was above 1.0: 800, 600, 800, 600 mg in six weeks).
func lowered(per *person, cr *course) bool {
	for i := range per.courses {
		if o := &per.courses[i]; o != cr && o.meds == cr.meds && o.cond == cr.cond && o.reg != nil && o.reg.Step > cr.reg.Step && o.start < cr.start {
			return true
		}
	}
	return false
}
