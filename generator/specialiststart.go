package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A referral rule with starts_line sends someone to a specialist clinic that
// starts a treatment line (brief h51d): type 2 diabetes with an HbA1c of 86
// mmol/mol or more at two reviews on triple therapy is referred to the
// diabetes team, whose clinic starts basal insulin (NICE NG28 1.7). Before,
// the step to insulin came only by the target's escalate chance (0.15 a
// review), and no one was ever referred. The clinic issues the new drug
// alone (the practice goes on issuing the others), and the practice's
// follow-up about three months later reads its effect. The referral's and
// the clinic's draws come from streams of their own, so no other draw moves.

// Stream keys of the two draws' streams.
const (
	specialistReferral = 1 // the clinic day and slot (referNow)
	specialistAtClinic = 2 // the drug chosen, its response, the follow-up day
)

// specialistStream is the stream of the referral decided on day d for
// condition hc (which: specialistReferral or specialistAtClinic).
func (w *worker) specialistStream(per *person, hc *heldCondition, d models.Date, which uint64) distributions.Stream {
	return per.stream(w.plan.Opts.Seed, purposeSpecialistStart, uint64(hc.plan.idx), uint64(d), which)
}

// startReferredLine starts treatment line li of the condition held at hc on
// day d, the specialist's start, unless it runs already; it reports
// whether a drug started.
func (w *worker) startReferredLine(per *person, hc *heldCondition, li int, d models.Date, s *distributions.Stream) bool {
	ci := -1
	for k := range per.conds {
		if &per.conds[k] == hc {
			ci = k
		}
	}
	if ci < 0 || li >= len(hc.plan.lines) || hc.line >= li {
		return false
	}
	n := len(per.courses)
	w.startLine(per, ci, li, d, w.latestEGFR(per, d), s)
	if len(per.courses) == n {
		return false
	}
	hc.changes++
	hc.lastChange = d
	return true
}

// specialistClinic holds events[k], the clinic attendance a starts_line
// referral booked: the line starts there and its first issue is made
// there, to run until the condition's next review; a follow-up review
// about three months on reads the effect (NICE NG28 1.6.1: HbA1c every 3-6
// months after a change). It returns the events with that follow-up.
func (w *worker) specialistClinic(per *person, events []reviewEvent, k int) []reviewEvent {
	ev := events[k]
	hc := &per.conds[ev.cond]
	s := w.specialistStream(per, hc, ev.day, specialistAtClinic)
	d := ev.clinic.start.Date()
	if per.inEndOfLifeCare(d) || !w.startReferredLine(per, hc, ev.clinic.line-1, d, &s) {
		return events
	}
	hc.seenOn = max(hc.seenOn, d)
	// the condition's next review after the clinic (the referring review's
	// next may come before it): the follow-up below, or the one scheduled
	next := nextReviewAfter(events[k+1:], ev.cond, d, ev.next)
	fu := reviewEvent{day: d + models.Date(80+s.IntN(21)), cond: ev.cond, next: next}
	if fu.day < next-w.combineDays() && fu.day <= per.lastDay && !followUpNear(events[k+1:], fu, w.combineDays()) {
		events = insertEvent(events, k+1, fu)
		next = fu.day
	}
	for j := range per.courses {
		cr := &per.courses[j]
		if cr.cond == ev.cond && cr.line == ev.clinic.line-1 && cr.lastRx < 0 && cr.running(d) {
			w.addRepeat(per, cr, hc.id, ev.clinic.enc, d, repeatEnd(per, cr, nextWorkingDay(next)))
		}
	}
	return events
}

// nextReviewAfter is the day of the first pending review of condition ci
// after day d (an end-of-life or clinic event aside); fallback, or a day
// after d, when there is none.
func nextReviewAfter(pending []reviewEvent, ci int, d, fallback models.Date) models.Date {
	for _, e := range pending {
		if e.cond == ci && !e.eol && e.clinic == nil && !e.specialist && e.day > d {
			return e.day
		}
	}
	return max(fallback, d+1)
}
