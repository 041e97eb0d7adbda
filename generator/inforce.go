package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// The repeats in force when the record opens. A long-term condition
// diagnosed before the history window has its reviews before the window
// simulated without writing anything (care.go); its medicines run into the
// window. A GP system shows such a medicine from the first day: the repeat
// was authorised at the last review before then, to run until the next one.
// That authorisation is written, dated on the day it was made, at the
// review it was made at, which is written too (its readings are not: a
// result from before the window is seen, not written). It is the only
// contact before the window in the record (docs/clinical-model.md,
// "Repeats in force when the record opens (tenth review)").

// repeatsInForce writes, as the record opens, the authorisation in force of
// each medicine a chronic condition has running on the first day and not
// yet issued in the record: made at the condition's last review before the
// window (or, for one started or changed later, on that day), running until
// the condition's next review. Authorisations made on the same day share
// the review. The blood tests the medicines need between that review and
// the next (methotrexate's, warfarin's INR) are written from the first day,
// until the condition's first review in the record (later: the review
// events from the window's first day), a dose step's follow-up included.
func (w *worker) repeatsInForce(per *person, later []reviewEvent, s *distributions.Stream) {
	var held []inForceVisit
	var protect []inForceIssue // the issues written, for their companions' unless class (companionseen.go)
	for ci := range per.conds {
		hc := &per.conds[ci]
		if hc.authorisedOn == 0 || nextWorkingDay(hc.authorisedTo) <= per.firstDay {
			continue // no review before the window, or the next one is held on its first day
		}
		main := -1 // the condition's own review before the window, when written
		for k := range per.courses {
			cr := &per.courses[k]
			if cr.cond != ci || cr.lastRx >= 0 || !cr.running(per.firstDay) {
				continue
			}
			on := max(hc.authorisedOn, cr.start)
			if on >= per.firstDay {
				continue
			}
			if on < per.registered && !w.earlierPractice(per) {
				continue // a one-practice world: issued at the first review in the record
			}
			// one appointment a day (a weekend's review is held on the Monday)
			v := slices.IndexFunc(held, func(v inForceVisit) bool { return v.due == on || v.on == nextWorkingDay(on) })
			if v < 0 {
				id, start, ok := w.inForceReview(per, hc, on, s)
				if !ok {
					continue
				}
				held = append(held, inForceVisit{due: on, on: start.Date(), at: start, enc: id})
				v = len(held) - 1
				if per.inForceFrom == 0 || start.Date() < per.inForceFrom {
					per.inForceFrom = start.Date()
				}
			}
			at := held[v].on
			next := max(nextWorkingDay(hc.authorisedTo), at+1)
			w.addRepeat(per, cr, hc.rowOn(at), held[v].enc, at, repeatEnd(per, cr, next)) // the stage coded then (restage.go)
			// a result already written within the issue stops it (an acute kidney injury's: resultfall.go)
			w.renalStopsAhead(per, at)
			protect = append(protect, inForceIssue{course: k, enc: held[v].enc, on: at})
			if on == hc.authorisedOn {
				main = v
			}
		}
		if main >= 0 { // the blood tests its medicines need before the next review (monitoring.go)
			v := held[main]
			next := max(nextWorkingDay(hc.authorisedTo), v.on+1)
			w.monitorUntil(per, ci, v.enc, v.at, max(untilReview(ci, next, later), v.on+1), next)
		}
	}
	for _, is := range protect { // once every condition's are written: only what none issues
		w.protectInForce(per, &per.courses[is.course], is.course, is.enc, is.on)
	}
}

// inForceVisit is a review written by repeatsInForce: the day it was due,
// the day it was held and its encounter.
type inForceVisit struct {
	due, on models.Date
	at      models.Timestamp
	enc     string
}

// inForceReview writes the review before the window, on day d, that
// authorised a condition's repeats: where the condition is reviewed (the
// paediatric team's clinic for a child, when it has one; the practice
// otherwise), with no readings.
func (w *worker) inForceReview(per *person, hc *heldCondition, d models.Date, s *distributions.Stream) (string, models.Timestamp, bool) {
	c := hc.plan
	if pc := c.Reviews.Paediatric; pc != nil && per.ageOn(d) < pc.Under {
		return w.outpatientAt(per, d, hc.id, s)
	}
	return w.gpVisitFor(per, d, encChronicReview, w.plan.reviewContact(c), hc.id, s)
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

// earlierPractice makes sure a patient registered with their practice since
// a review before the window has the practice they were with then (the one
// the review was at, whose record came with them, as for a patient who
// moved inside the window: registrations.go). It reports false when there
// is no other practice. The town's practice drawn with the demographics is
// taken, or, when that is their own, another chosen by their id (no draw).
func (w *worker) earlierPractice(per *person) bool {
	if per.prevPractice != nil {
		return true
	}
	all := w.plan.practices
	if len(all) < 2 {
		return false
	}
	k := per.otherPractice
	if &all[k] == per.practice {
		k = (k + 1 + int(per.idHash%uint64(len(all)-1))) % len(all)
	}
	per.prevPractice = &all[k]
	return true
}
