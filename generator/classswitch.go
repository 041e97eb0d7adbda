package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Switching a medicine that a new one rules out (twenty-fourth review). A
// contraindication with class_running rules its medicine out while a drug of
// the class runs, but a course already running when that drug starts went on
// to the next review that read the rules (reviewSafety) and then stopped with
// nothing in its place: omeprazole for reflux ran beside newly started
// clopidogrel for a median 65 days and then the reflux had no PPI at all. A
// rule's switch_to (prescribing.yaml) names the medicine the prescriber
// changes it to instead, on the day the ruling-out drug starts: omeprazole
// becomes lansoprazole (MHRA 2010).

// classSwitch is one switch_to rule of a medicine: while a drug of class
// runs, its course becomes one of to.
type classSwitch struct {
	class string
	to    *medPlan
}

// resolveClassSwitches attaches each contraindication's switch_to to the
// medicine it rules out (both with a verified product).
func (p *Plan) resolveClassSwitches(cs []datasets.Contraindication) {
	for _, c := range cs {
		from, to := p.medPlans[c.Medicine], p.medPlans[c.SwitchTo]
		if c.SwitchTo == "" || from == nil || to == nil {
			continue
		}
		from.switches = append(from.switches, classSwitch{class: c.ClassRunning, to: to})
	}
}

// switchFor is the medicine m's course becomes when a course of started
// begins, nil when none of its switch_to rules names a class of started.
func (m *medPlan) switchFor(started *medPlan) *medPlan {
	for _, sw := range m.switches {
		if started.inClass(sw.class) {
			return sw.to
		}
	}
	return nil
}

// switchRuledOut switches, on day d when course j has just started, every
// other running course that j's medicine rules out and that has a switch_to:
// it stops, and the medicine it is switched to starts for the same condition
// and line at the same dose step, carrying its response and, at a visit, is
// issued at once for what remained of the last issue's authorisation (as a
// dose change at another condition's review is: changeStep).
func (w *worker) switchRuledOut(per *person, j int, d models.Date, egfr float64, s *distributions.Stream) {
	started := per.courses[j].meds
	for k, n := 0, len(per.courses); k < n; k++ {
		old := per.courses[k]
		if k == j || old.forced || !old.running(d) {
			continue
		}
		// No switch_to, or one the person may not have (twenty-fifth
		// review: a course whose switch_to was ruled out ran on beside the
		// class to the next review): stopped today, its condition left to
		// its own review.
		to := old.meds.switchFor(started)
		if to == nil || !w.allowed(per, to, d, egfr, -1) {
			if w.ruledOutBy(per, k, started, d) {
				w.stopCourse(per, k, d)
			}
			continue
		}
		w.replaceCourse(per, k, to, old.reg.Step, d, egfr, s)
	}
}

// replaceCourse stops course k on day d and starts medicine to at step in
// its place, on the same condition and line: a switch made today (not
// backdated before the record opened) that keeps the old course's response
// and effect (the same class or medicine: no new wait for it), and whose
// first issue, at today's consultation, runs to the old issue's end.
func (w *worker) replaceCourse(per *person, k int, to *medPlan, step int, d models.Date, egfr float64, s *distributions.Stream) {
	old := per.courses[k]
	var prev models.Prescription
	if old.lastRx >= 0 {
		prev = w.b.Prescriptions[old.lastRx]
	}
	w.stopCourse(per, k, d)
	backdate := w.backdate
	w.backdate = 0
	nk := w.startCourse(per, to, old.cond, old.line, step, d, old.effects, egfr, s)
	w.backdate = backdate
	if nk < 0 {
		return
	}
	nc := &per.courses[nk]
	nc.response, nc.companionOf = old.response, old.companionOf
	nc.effectFrom = max(d, old.effectFrom)
	if w.curEnc != "" && old.lastRx >= 0 && (prev.EndDate == models.NoDate || prev.EndDate >= d) {
		w.addRepeat(per, nc, prev.ConditionID, w.curEnc, d, prev.EndDate)
	}
}

// ruledOutBy reports whether course k's medicine is ruled out on day d by a
// class of started: a class_running rule naming one of its classes (an
// onset event's course excepted where it may join the class: clopidogrel
// beside an anticoagulant after a heart attack), or a class pair touching
// one that now runs whole (the triple whammy). Without this a naproxen
// repeat ran beside a newly started apixaban to the next review that read
// the rules (reviewSafety), 133 days in one record (generate -n 20000 -s 5).
func (w *worker) ruledOutBy(per *person, k int, started *medPlan, d models.Date) bool {
	c := &per.courses[k]
	m := c.meds
	for _, cls := range m.contraCls {
		if started.inClass(cls) && !(c.event && m.joins(cls)) {
			return true
		}
	}
	for _, p := range m.contraBoth {
		if (started.inClass(p.class) || slices.ContainsFunc(p.and, started.inClass)) && w.pairRunning(per, m, d, k) {
			return true
		}
	}
	return false
}
