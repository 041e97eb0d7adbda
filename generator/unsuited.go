package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// A line option barred by a condition (catalogue `without:`) is not chosen
// once the condition is held, but a course of it begun before went on: MART
// for asthma (beclometasone/formoterol as maintenance and reliever) ran on
// after a COPD diagnosis, where the inhaler is a fixed twice-daily dose
// beside a short-acting reliever (NICE NG115; h72f: 118 issues of MART after
// the diagnosis to people on it before, generate -n 20000 -s 83). At the
// diagnosis the course changes to the line's option of the same medicine
// that suits the person now (its own regimens: the fixed dose), as a
// switch_to does (classswitch.go); the condition's first line then starts
// its reliever (salbutamol), which the barred option had replaced.

// switchUnsuited switches, on day d when condition ci is diagnosed, every
// running course whose line option that condition bars to an option of the
// same medicine on that line that suits the person on d. A course with no
// such option goes on.
func (w *worker) switchUnsuited(per *person, ci int, d models.Date, egfr float64) {
	idx := per.conds[ci].plan.idx
	for k, n := 0, len(per.courses); k < n; k++ {
		old := &per.courses[k] // read before replaceCourse appends to per.courses
		if old.line < 0 || old.forced || !old.running(d) {
			continue
		}
		line := &per.conds[old.cond].plan.lines[old.line]
		i := slices.Index(line.meds, old.meds)
		if i < 0 || !slices.Contains(line.without[i], idx) {
			continue
		}
		to := w.suitedOption(per, line, old.meds, d)
		if to == nil {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeUnsuitedSwitch, uint64(d)) // its own: no other draw moves
		w.replaceCourse(per, k, to, 0, d, egfr, &s)
	}
}

// suitedOption is the line's option of medicine from's that suits the
// person on day d (age, group and conditions), other than from; nil none.
func (w *worker) suitedOption(per *person, line *linePlan, from *medPlan, d models.Date) *medPlan {
	age := per.ageOn(d)
	for j, o := range line.Options {
		if m := line.meds[j]; m != nil && m != from && m.med == from.med && o.Suits(age, per.group) && line.suitsConditions(per, j, d) {
			return m
		}
	}
	return nil
}
