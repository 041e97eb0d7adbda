package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// withdrawStarts withdraws, in start order, each of the person's issues
// that starts its group's medicine (no kept issue of the group ended within
// restartDays before: the audit's measure) on a day barred, given the
// issue's row and group, reports as barred. group names an issue's group
// (nil: not looked at); what it returns must be comparable. It serves the
// class bars (startbars.go) and the renal start bars (renalstarts.go),
// which are written before every issue they judge is.
func (w *worker) withdrawStarts(per *person, group func(rx *models.Prescription) any, barred func(i int, key any) bool) {
	type issue struct {
		i   int // its row
		key any // its group
	}
	var idx []issue // the issues looked at, by start date (rows are not yet in time order)
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		if key := group(&w.b.Prescriptions[i]); key != nil {
			idx = append(idx, issue{i, key})
		}
	}
	if len(idx) == 0 {
		return
	}
	slices.SortStableFunc(idx, func(a, b issue) int {
		return cmp.Compare(w.b.Prescriptions[a.i].StartDate, w.b.Prescriptions[b.i].StartDate)
	})
	lastEnd := map[any]models.Date{} // the group: end of its latest kept issue
	for _, is := range idx {
		i, key := is.i, is.key
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() {
			continue
		}
		end, seen := lastEnd[key]
		starts := !seen || end < rx.StartDate-restartDays
		if starts && barred(i, key) {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.withdrawCompanion(per, rx)
			continue
		}
		e := rx.EndDate
		if e == models.NoDate {
			e = per.lastDay
		}
		lastEnd[key] = max(end, e)
	}
}

// withdrawCompanion withdraws the companion issued beside withdrawn issue rx
// (companions.go: the same visit, problem and day): senna came with
// co-codamol, and stayed when the co-codamol was withdrawn for a
// self-poisoning written later (forty-seventh review).
func (w *worker) withdrawCompanion(per *person, rx *models.Prescription) {
	w.eachCompanion(per, rx, func(c *models.Prescription) { c.PrescriptionID = models.ID{} })
}

// eachCompanion calls f on each companion issued beside rx (its medicine's
// companion, at the same visit, for the same problem, from the same day).
func (w *worker) eachCompanion(per *person, rx *models.Prescription, f func(c *models.Prescription)) {
	m := w.rxPlan(rx)
	if m == nil || m.companion == nil {
		return
	}
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		c := &w.b.Prescriptions[j]
		if c == rx || c.PrescriptionID.IsZero() || c.EncounterID != rx.EncounterID || c.ConditionID != rx.ConditionID || c.StartDate != rx.StartDate {
			continue
		}
		if cm := w.rxPlan(c); cm != nil && (cm == m.companion.with || cm == m.companion.alt) {
			f(c)
		}
	}
}
