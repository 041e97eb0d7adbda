package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The most medicines of a class at once (prescribing.yaml class_limits;
// brief h69d): no fourth glucose-lowering tablet (NICE NG28 1.7). A
// medicine that would be one over the limit is not started, except one of
// the switch's starting class (an SGLT2 inhibitor for the heart or the
// kidneys), which stops the running medicine of its stops class (the DPP-4
// inhibitor) in its place. The diabetes ladder reads a barred line as
// reached, so its next line (insulin) follows (startLine). Nothing is drawn.

// classLimitFull is the first limit of medicine m's classes that is full on
// day d (at_most medicines of the class run, m not among them), or nil.
func (w *worker) classLimitFull(per *person, m *medPlan, d models.Date) *datasets.ClassLimit {
	for _, l := range m.limits {
		n := 0
		for k := range per.courses {
			if c := &per.courses[k]; c.running(d) && c.meds.inClass(l.Class) {
				if c.med == m.med {
					n = -len(per.courses) // on it already: nothing is added
					break
				}
				n++
			}
		}
		if n >= l.AtMost {
			return l
		}
	}
	return nil
}

// classSwitchOut is the running course medicine m would take the place of
// under the full limit l on day d (its switch), or -1 when m is barred.
func (w *worker) classSwitchOut(per *person, m *medPlan, l *datasets.ClassLimit, d models.Date) int {
	if l.Switch == nil || !m.inClass(l.Switch.Starting) {
		return -1
	}
	for k := range per.courses {
		if c := &per.courses[k]; c.running(d) && !c.forced && c.meds.inClass(l.Switch.Stops) {
			return k
		}
	}
	return -1
}

// classLimitBars reports whether medicine m is barred on day d by a full
// limit it cannot switch into.
func (w *worker) classLimitBars(per *person, m *medPlan, d models.Date) bool {
	l := w.classLimitFull(per, m, d)
	return l != nil && w.classSwitchOut(per, m, l, d) < 0
}

// fitClassLimits makes room for medicine m starting on day d: the course it
// switches out is stopped; it reports false when m is barred.
func (w *worker) fitClassLimits(per *person, m *medPlan, d models.Date) bool {
	l := w.classLimitFull(per, m, d)
	if l == nil {
		return true
	}
	k := w.classSwitchOut(per, m, l, d)
	if k < 0 {
		return false
	}
	w.stopCourse(per, k, d)
	return true
}
