package generator

import "github.com/code4health/cohortgen/models"

// The repeats in force when the record opens. A long-term condition
// diagnosed before the history window has its reviews before the window
// simulated without writing anything (care.go); its medicines run into the
// window. A GP system shows such a medicine from the first day, with the
// day it was authorised (the last review before then), as it shows a
// condition or a vaccine from before the record: history the record
// carries, with no consultation. The review itself is not written: no
// contact precedes the window, and none precedes the registration with the
// practice (docs/clinical-model.md, "Repeats in force when the record
// opens (tenth review)" and "Before the record: medicines, not
// consultations").

// repeatsInForce writes, as the record opens, the authorisation in force of
// each medicine a chronic condition has running on the first day and not
// yet issued in the record: made at the condition's last review before the
// window (or, for one started or changed later, on that day), running until
// the condition's next review, with no encounter and no prescriber (the
// consultation is before the record). The blood tests the medicines need
// between that review and the next (methotrexate's, warfarin's INR) are
// written from the first day, until the condition's first review in the
// record (later: the review events from the window's first day), a dose
// step's follow-up included.
func (w *worker) repeatsInForce(per *person, later []reviewEvent) {
	var protect []inForceIssue // the issues written, for their companions' unless class (companionseen.go)
	for ci := range per.conds {
		hc := &per.conds[ci]
		if hc.authorisedOn == 0 || nextWorkingDay(hc.authorisedTo) <= per.firstDay {
			continue // no review before the window, or the next one is held on its first day
		}
		main := models.NoDate // the day of the condition's own review before the window, when it authorised one
		for k := range per.courses {
			cr := &per.courses[k]
			if cr.cond != ci || cr.lastRx >= 0 || !cr.running(per.firstDay) {
				continue
			}
			on := max(hc.authorisedOn, cr.start)
			if on >= per.firstDay {
				continue
			}
			at := authorisedDay(per, on)
			next := max(nextWorkingDay(hc.authorisedTo), at+1)
			w.addRepeat(per, cr, hc.rowOn(at), "", at, repeatEnd(per, cr, next)) // the stage coded then (restage.go)
			// a result already written within the issue stops it (an acute kidney injury's: resultfall.go)
			w.renalStopsAhead(per, at)
			protect = append(protect, inForceIssue{course: k, on: at})
			if on == hc.authorisedOn {
				main = at
			}
		}
		if main != models.NoDate { // the blood tests its medicines need before the next review (monitoring.go)
			next := max(nextWorkingDay(hc.authorisedTo), main+1)
			w.monitorUntil(per, ci, "", main.Start(), max(untilReview(ci, next, later), main+1), next)
		}
	}
	for _, is := range protect { // once every condition's are written: only what none issues
		w.protectInForce(per, &per.courses[is.course], is.course, is.on)
	}
}

// authorisedDay is the day a review due on day d before the window was
// held: the next working day (a weekend's review on the Monday), or d when
// that is the window's first day (the review is before the record).
func authorisedDay(per *person, d models.Date) models.Date {
	if h := nextWorkingDay(d); h < per.firstDay {
		return h
	}
	return d
}

// startedInRecord reports whether a medicine the condition's review on day d
// starts, due since day b, began that day after all: at a review inside the
// record, for a condition reviewed before it (its reviews there started
// whatever was due and could be given), a line due before the window that
// starts only now could not be given until now (a child's inhaler from the
// age it is licensed). A line due inside the record keeps its day.
func startedInRecord(per *person, ci int, b, d models.Date) bool {
	return b < per.firstDay && d >= per.firstDay && per.conds[ci].authorisedOn != 0
}
