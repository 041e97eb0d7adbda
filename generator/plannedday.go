package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// plannedSpreadDays is how many working days a planned contact due on a
// closed day may be booked over: the first working day after the weekend
// and the three after it. A clinic or a practice books the weekend's due
// contacts into the week's free slots, not all on Monday: moving them all
// to the next working day gave Monday three days' worth (h65c, generate
// -n 20000 -s 83: outpatient attendances 2.6 times, immunisations 2.3
// times, cervical screening 2.6 times the mean of Tuesday to Friday; NHS
// Digital Appointments in General Practice has Monday about 1.1-1.2 times
// the other weekdays, and hospital clinics run through the week). Four
// days even the weekend's two out (each weekday but Friday takes half a
// day more); five would make a Saturday's contact six days late. Model
// figure.
const plannedSpreadDays = 4

// plannedDay is the day a planned contact due on day d is booked for: d
// when the practice and clinics are open then; otherwise one of the
// plannedSpreadDays working days from the next, drawn from a stream keyed
// by the person and the day, so the contacts due on one closed day (the
// vaccines of one visit) still meet on one working day and no other draw
// shifts. Only what has no deadline is moved this way: a contact that must
// come within days (a two-week-wait clinic, an early-pregnancy scan, an
// acute problem's follow-up) keeps the next working day, and so do the
// recall's reviews, whose due days order which review joins which
// (recall.go joinsReview).
func (w *worker) plannedDay(per *person, d models.Date) models.Date {
	return w.plannedDayWithin(per, d, d, models.Date(math.MaxInt32)) // no deadline, and never earlier than due
}

// plannedDayWithin is plannedDay for a contact with a deadline, due on day
// d and to be held from day from to day latest (a two-week-wait clinic: 5
// to 14 days after the referral): the same number of working days to
// choose from, those after d up to latest and, where the deadline leaves
// too few, those before d back to from, nearest first, so a clinic due on
// the last Saturday of its two weeks is held in its second week, not on the
// Monday after (nor all on the Friday before). With no working day between
// from and latest it is the next working day, as before.
func (w *worker) plannedDayWithin(per *person, d, from, latest models.Date) models.Date {
	if !ukClock.closed(d) {
		return d
	}
	var days [plannedSpreadDays]models.Date
	n := 0
	for day := nextWorkingDay(d); n < len(days) && day <= latest; day = nextWorkingDay(day + 1) {
		days[n] = day
		n++
	}
	for day := lastWorkingDay(d); n < len(days) && day >= from; day = lastWorkingDay(day - 1) {
		days[n] = day
		n++
	}
	if n == 0 {
		return nextWorkingDay(d)
	}
	s := per.stream(w.plan.Opts.Seed, purposePlannedDay, uint64(d))
	return days[s.IntN(n)]
}
