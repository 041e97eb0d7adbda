package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A weak opioid in the very old only after paracetamol (twenty-second
// review). A GP read co-codamol started at 97 with nothing before it: NICE
// CKS advises starting low in older people, paracetamol first, as codeine is
// poorly tolerated (confusion, falls, constipation). prescribing.yaml
// tried_first names the medicine a short course gives instead at the age,
// unless a course of it was issued in the days before; then the step up is
// the medicine itself.

// triedFirstPlan is a medicine's tried_first rule resolved.
type triedFirstPlan struct {
	fromAge int
	first   *medPlan
	within  models.Date
}

// resolveTriedFirst gives each medicine its tried_first rule (after every
// medicine plan exists: the rule names another).
func (p *Plan) resolveTriedFirst(rules []datasets.TriedFirst) {
	for _, r := range rules {
		first := p.medPlans[r.First]
		if first == nil {
			continue // no verified product: the rule cannot be kept, the medicine is given
		}
		for key, m := range p.medPlans {
			if r.AppliesTo(key) {
				m.triedFirst = &triedFirstPlan{fromAge: r.FromAge, first: first, within: models.Date(r.WithinDays)}
			}
		}
	}
}

// firstToTry is the medicine to give in place of m on day d: its tried_first
// medicine when the person is of the rule's age, no course of that medicine
// began in the days before and the rules allow it over the course; nil when
// m itself is given.
func (w *worker) firstToTry(per *person, m *medPlan, onset, end models.Date, egfr float64) *medPlan {
	tf := m.triedFirst
	if tf == nil || per.ageOn(onset) < tf.fromAge {
		return nil
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		if rx := &w.b.Prescriptions[k]; rx.StartDate < onset && onset-rx.StartDate <= tf.within && tf.first.issues(rx.DMDCode) {
			return nil
		}
	}
	if allergic(per, tf.first, onset) || !w.allowedCourse(per, tf.first, onset, end, egfr) {
		return nil
	}
	return tf.first
}

// stopFirstTried ends, the day before day d, the running issues of the
// medicine m's tried_first medicine when m starts: co-codamol holds
// paracetamol, so the paracetamol course it steps up from stops (two
// paracetamol-containing medicines together exceed 4 g a day: BNF).
func (w *worker) stopFirstTried(per *person, m *medPlan, d models.Date) {
	tf := m.triedFirst
	if tf == nil {
		return
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if rx.StartDate < d && rx.EndDate != models.NoDate && rx.EndDate >= d && rx.Type == models.PrescriptionAcute && tf.first.issues(rx.DMDCode) {
			rx.EndDate = d - 1
		}
	}
}

// heldByRunning reports whether a medicine that holds m as its tried_first
// (co-codamol holds paracetamol) is issued, or will run as an episode's
// repeat, on some day from onset to end: a course of m is not added to it.
func (w *worker) heldByRunning(per *person, m *medPlan, onset, end models.Date) bool {
	holds := func(h *medPlan) bool { return h != nil && h.triedFirst != nil && h.triedFirst.first == m }
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if rx.StartDate <= end && (rx.EndDate == models.NoDate || rx.EndDate >= onset) && holds(w.rxPlan(rx)) {
			return true
		}
	}
	for _, r := range per.episodeRepeats {
		if r.from <= end && r.to >= onset && holds(r.meds) {
			return true
		}
	}
	return false
}
