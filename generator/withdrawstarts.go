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
	idx := w.startIssues[:0] // the issues looked at, by start date (rows are not yet in time order)
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if key := group(rx); key != nil {
			idx = append(idx, startIssue{i, key, rx.StartDate})
		}
	}
	w.startIssues = idx
	if len(idx) == 0 {
		return
	}
	// the start is read into the entry, so the comparison captures nothing
	// (a closure over the batch was allocated at each call)
	slices.SortStableFunc(idx, func(a, b startIssue) int { return cmp.Compare(a.start, b.start) })
	if w.groupEnds == nil {
		w.groupEnds = map[any]models.Date{}
	}
	lastEnd := w.groupEnds // the group: end of its latest kept issue
	clear(lastEnd)         // (another call's, another person's groups)
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

// startIssue is an issue withdrawStarts looks at: its row, its group and
// its start. No issue's start changes during a call (a withdrawal empties
// the id).
type startIssue struct {
	i     int // its row
	key   any // its group
	start models.Date
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
