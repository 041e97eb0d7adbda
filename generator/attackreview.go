package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// flareFollowUps books a review of condition ci after each of its
// exacerbations treated in emergency care, A&E or an emergency admission
// (catalogue care_target exacerbations follow_up_days; NICE QS25 statement
// 4: the practice follows up an asthma attack treated in emergency care
// within 2 working days of discharge): days after the attendance or the end
// of the stay, unless the condition's next review is as near. It is a
// review like the others (the peak flow; the treatment decision, which
// counts the attack). With follow_up_due, an exacerbation treated by the GP
// that makes the step up due (a COPD exacerbation, the second in a year:
// NICE NG115) is followed up too (nineteenth review: the step waited for
// the annual review). With follow_up_working the days are working days and
// a routine review due within combine_within_days of the follow-up is
// brought forward to its day (h62d: within 2 working days, not at a review
// up to a month on). events[from:] are the condition's routine reviews.
func (w *worker) flareFollowUps(per *person, events []reviewEvent, from, ci int, s *distributions.Stream) []reviewEvent {
	t := per.conds[ci].plan.CareTarget
	if t == nil || t.Exacerbations == nil || t.Exacerbations.FollowUp == nil {
		return events
	}
	routine := events[from:]
	booked := len(events) // the follow-ups booked here are events[booked:]
	for _, f := range per.flares {
		if f.cond != per.conds[ci].plan.idx {
			continue
		}
		if f.setting != presAE && f.setting != presEmergency && !(t.Exacerbations.FollowUpDue && (t.Exacerbations.OneTitrates || makesDue(per, f, t.Exacerbations))) {
			continue
		}
		day := f.day
		for _, st := range per.stays { // admitted: seen after discharge
			if st.start.Date() <= f.day && st.end.Date() >= f.day {
				day = st.end.Date()
			}
		}
		if n := models.Date(between(*t.Exacerbations.FollowUp, s)); t.Exacerbations.FollowUpWorking {
			day = workingDaysAfter(day, n)
		} else {
			day += n
		}
		if reviewedBetween(routine, f.day, day) || reviewedBetween(events[booked:], f.day, day) {
			continue // a review since the exacerbation, or one booked for the one before, counts it
		}
		next, k := models.NoDate, -1
		if len(routine) > 0 {
			next = routine[len(routine)-1].next // after the last: the one beyond the record
		}
		for j, ev := range routine {
			if ev.day > day {
				next, k = ev.day, j
				break
			}
		}
		if next == models.NoDate || day > per.lastDay {
			continue // none comes
		}
		if next-day <= w.combineDays() {
			// the next review is as near: with working days (h62d) it is
			// brought forward to the follow-up's day rather than waited for
			// (before, an attack in the weeks before an annual review was
			// seen at it, up to a month on)
			if t.Exacerbations.FollowUpWorking && k >= 0 && plainReview(routine[k]) {
				routine[k].day, routine[k].due = day, true
				if k > 0 {
					routine[k-1].next = day
				}
			}
			continue
		}
		events = append(events, reviewEvent{day: day, next: next, cond: ci, due: true})
	}
	return events
}

// makesDue reports whether flare f brings the exacerbations of its condition
// treated in the rule's within_days up to the number that steps treatment
// up (counting f and those before it).
func makesDue(per *person, f flare, r *datasets.ExacerbationRule) bool {
	if r.Treated == 0 {
		return false
	}
	n := 0
	for _, g := range per.flares {
		if g.cond == f.cond && g.day <= f.day && g.day > f.day-models.Date(r.WithinDays) {
			n++
		}
	}
	return n >= r.Treated
}

// reviewedBetween reports whether one of the routine reviews falls from day
// a to day b (nineteenth review: a COPD follow-up came two days after the
// annual review that had already counted the exacerbation).
func reviewedBetween(routine []reviewEvent, a, b models.Date) bool {
	for _, ev := range routine {
		if ev.day >= a && ev.day <= b {
			return true
		}
	}
	return false
}

// lineRaisable reports whether condition ci's line taken has a course whose
// dose can be raised on day d (a step within the line, not a new one).
func (w *worker) lineRaisable(per *person, ci int, d models.Date, egfr float64) bool {
	hc := &per.conds[ci]
	if hc.line < 0 || !hc.plan.lines[hc.line].Titrate {
		return false
	}
	for k := range per.courses {
		if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && w.canStepUp(per, k, d, egfr) {
			return true
		}
	}
	return false
}

// workingDaysAfter is the n-th working day after day d (weekends and
// England's bank holidays skipped: clock.go).
func workingDaysAfter(d, n models.Date) models.Date {
	for ; n > 0; n-- {
		d = nextWorkingDay(d + 1)
	}
	return d
}

// plainReview reports whether ev is a routine review of the recall
// schedule and nothing else (no diagnosis, clinic or other purpose that
// keeps its day).
func plainReview(ev reviewEvent) bool {
	e := ev
	e.day, e.next = 0, 0
	return e == reviewEvent{cond: ev.cond}
}

// attackOnStep reports whether an exacerbation of catalogue condition ci
// treated in emergency care (A&E; an admission steps up by the rule's
// admitted) came after the review on day last, by day d, on or after day
// settled (the step taken had had its time: ChangeAfter days after the last
// change). One treated by the GP is left to one_titrates and the recheck:
// every attack stepping to a new line gave montelukast to 22% of people
// with asthma in a year (TestMontelukastShareOfAsthma, want 20% or less).
func attackOnStep(per *person, ci int, last, settled, d models.Date) bool {
	for _, f := range per.flares {
		if f.cond == ci && f.setting == presAE && f.day > last && f.day <= d && f.day >= settled {
			return true
		}
	}
	return false
}
