package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Interacting issues on the written record (brief h64a). A medicine a
// class_running contraindication rules out (prescribing.yaml: colchicine
// beside a macrolide, clarithromycin beside a statin or colchicine,
// verapamil beside a beta-blocker) is checked by the pass that issues it
// against what that pass can see: the person's courses and the issues
// already written. A pass later in the order can write the other drug of
// the pair over its days. Spreading a weekend's GP contacts over the week
// (h63i) moved a gout flare's colchicine onto a Friday inside a
// clarithromycin course that the A&E pass, later in the order, had begun
// the Tuesday before (generate -n 100000 -s 1, patient index 72910): the
// hard rule colchicine-with-clarithromycin failed. So the last safety step
// reads every kept issue as a prescriber reading the whole record would,
// in calendar order, whichever pass wrote it:
//
//   - an issue of a ruled-out medicine that starts while an issue of the
//     ruling class runs (on or after that issue's first day) is not made:
//     the prescriber saw the other drug running (the contact keeps its
//     advice; a pair ruled out both ways keeps the one begun first);
//   - an issue already running when an issue of the ruling class starts
//     ends the day before it, with its companion, as a running course is
//     stopped the day the ruling drug starts (classswitch.go ruledOutBy).
//
// Nothing is drawn: no stream moves.

// withdrawInteractingIssues applies the two cases above to every kept
// issue of a medicine with a class_running contraindication: first the
// issues made while the other drug ran, in the order of their days (so
// that of a pair ruled out both ways the one begun second goes, whichever
// row was written first), then the cuts, against the issues that stand.
func (w *worker) withdrawInteractingIssues(per *person) {
	var idx []int // allocated only for the few people with such a medicine
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if m := w.rxPlan(rx); !rx.PrescriptionID.IsZero() && m != nil && len(m.contraCls) > 0 {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return
	}
	rxs := w.b.Prescriptions
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(rxs[a].StartDate, rxs[b].StartDate) })
	for _, i := range idx {
		rx := &w.b.Prescriptions[i]
		if !rx.PrescriptionID.IsZero() && w.rulingFrom(per, i) == rx.StartDate {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.withdrawCompanion(per, rx)
		}
	}
	for _, i := range idx {
		rx := &w.b.Prescriptions[i]
		first := w.rulingFrom(per, i)
		if rx.PrescriptionID.IsZero() || first == models.NoDate {
			continue
		}
		w.eachCompanion(per, rx, func(c *models.Prescription) {
			if c.EndDate == models.NoDate || c.EndDate >= first {
				c.EndDate = first - 1
			}
		})
		rx.EndDate = first - 1
	}
}

// rulingFrom is the first day of issue i's days on which a kept issue of a
// class that rules its medicine out runs (its own first day when one was
// running already: the only way it equals that day), NoDate when none does.
func (w *worker) rulingFrom(per *person, i int) models.Date {
	rx := &w.b.Prescriptions[i]
	m := w.rxPlan(rx)
	first := models.NoDate
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		o := &w.b.Prescriptions[j]
		if j == i || o.PrescriptionID.IsZero() || !overlapsIssue(rx, o) {
			continue
		}
		if om := w.rxPlan(o); om == nil || !rulesOut(om, m) {
			continue
		}
		if o.StartDate <= rx.StartDate {
			return rx.StartDate
		}
		if first == models.NoDate || o.StartDate < first {
			first = o.StartDate
		}
	}
	return first
}

// rulesOut reports whether medicine o is of a class that rules m out (one
// m may not join: clopidogrel after a heart attack beside an anticoagulant
// is the event's course, not an interaction the issuing pass missed).
func rulesOut(o, m *medPlan) bool {
	for _, c := range m.contraCls {
		if o.inClass(c) && !m.joins(c) {
			return true
		}
	}
	return false
}

// overlapsIssue reports whether issues a and b share a day (an open end
// runs on).
func overlapsIssue(a, b *models.Prescription) bool {
	return (b.EndDate == models.NoDate || a.StartDate <= b.EndDate) &&
		(a.EndDate == models.NoDate || b.StartDate <= a.EndDate)
}
