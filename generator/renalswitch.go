package generator

import (
	"github.com/code4health/cohortgen/models"
)

// The next choice when the kidneys bar a line (brief h54e). Metformin is
// stopped below an eGFR of 30 (prescribing.yaml renal), and nothing came
// in its place: a person on metformin alone was left with no glucose-
// lowering drug while the HbA1c rose, until the target's inertia (0.15 a
// review above 58) added the second line years later. Now, at a review of
// a condition with a gated first line whose options the kidneys bar (an
// eGFR below their stop_below, or below their cap_below once a course of
// the line was stopped: an eGFR that returns to 30-44 after a stop does not
// bring metformin back and forth), with none of the condition's lines
// running (its co-prescribed statin aside), the line's if_ruled_out is started (a DPP-4 inhibitor at its
// renal dose, NICE NG28 1.6) when the latest reading is at the gate's level
// or more and above the relaxed target of the very old and the dying; in
// end-of-life care nothing new starts.

// replaceRenalStop starts condition ci's first line's if_ruled_out at the
// review on day d (egfr the latest eGFR); it reports whether one started.
// The course draws from a stream of its own.
func (w *worker) replaceRenalStop(per *person, ci int, d models.Date, egfr float64) bool {
	hc := &per.conds[ci]
	c := hc.plan
	g := gateOf(c)
	if hc.line < 0 || g == nil || c.CareTarget == nil || len(c.lines[0].alts) == 0 || per.inEndOfLifeCare(d) {
		return false
	}
	line := &c.lines[0]
	stopped := false
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.cond == ci && cr.line >= 0 && cr.running(d) {
			return false // a line still runs: the target steps it up as usual
		}
		stopped = stopped || cr.cond == ci && cr.line == 0 && cr.stop != models.NoDate && cr.stop <= d
	}
	if !renalBarsLine(line, egfr, stopped) {
		return false
	}
	slot, ok := w.plan.obsIndex[g.Observation]
	if !ok || !per.hasLast[slot] {
		return false
	}
	at := per.lastAt[slot].Date()
	v := per.lastVal[slot]
	if at > d || d-at > 365 || v < g.OfferAt || v <= w.relaxedTarget(per, c.CareTarget, d) {
		return false
	}
	var m *medPlan
	for _, a := range line.alts {
		if a != nil && w.allowed(per, a, d, egfr, -1) {
			m = a
			break
		}
	}
	if m == nil || w.covered(per, m, d) >= 0 {
		return false
	}
	s := per.stream(w.plan.Opts.Seed, purposeRenalSwitch, uint64(d))
	if w.startCourse(per, m, ci, 0, 0, d, line.effectsOf(m), egfr, &s) < 0 {
		return false
	}
	hc.line, hc.lastChange = max(hc.line, 0), d
	return true
}

// renalBarsLine reports whether the kidneys bar every option of the line:
// an eGFR below its stop_below, or, once a course of the line was stopped,
// below its highest ceiling band (cap_below or caps: RenalRule.CapLimit).
func renalBarsLine(line *linePlan, egfr float64, stopped bool) bool {
	barred := false
	for _, m := range line.meds {
		if m == nil {
			continue
		}
		r := m.renal
		if r == nil || r.StopBelow <= 0 || egfr >= r.StopBelow && !(stopped && egfr < r.CapLimit()) {
			return false
		}
		barred = true
	}
	return barred
}
