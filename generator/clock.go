package generator

import (
	"time"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// UK clock: GMT in winter, BST (UTC+1) from the last Sunday of March to the
// last Sunday of October. Clinic hours are local; stored times are UTC.

func lastSunday(year int, month time.Month) models.Date {
	d := models.DateFromYMD(year, month+1, 1) - 1 // last day of the month
	for weekday(d) != time.Sunday {
		d--
	}
	return d
}

// weekday of a date (1970-01-01 was a Thursday).
func weekday(d models.Date) time.Weekday { return time.Weekday((int64(d)%7 + 7 + 4) % 7) }

// ukDays marks, for every day from 1900 to 2110, whether UK clocks are on
// BST (UTC+1) and whether it is a bank holiday in England, when practices
// and clinics are closed: one byte a day, so the hot path is a single index.
type ukDays struct {
	first models.Date
	flags []uint8
}

const (
	dayBST    uint8 = 1 << iota
	dayClosed       // a weekend or a bank holiday
)

func newUKDays(fromYear, toYear int) *ukDays {
	t := &ukDays{first: models.DateFromYMD(fromYear, 1, 1)}
	t.flags = make([]uint8, models.DateFromYMD(toYear+1, 1, 1)-t.first)
	for y := fromYear; y <= toYear; y++ {
		for d := lastSunday(y, time.March); d < lastSunday(y, time.October); d++ {
			t.flags[d-t.first] |= dayBST
		}
		for _, d := range bankHolidays(y) {
			t.flags[d-t.first] |= dayClosed
		}
	}
	for k := range t.flags {
		if wd := weekday(t.first + models.Date(k)); wd == time.Saturday || wd == time.Sunday {
			t.flags[k] |= dayClosed
		}
	}
	return t
}

// offsetMinutes is the local time's offset from UTC on the date.
func (t *ukDays) offsetMinutes(d models.Date) int {
	if k := int(d - t.first); k >= 0 && k < len(t.flags) && t.flags[k]&dayBST != 0 {
		return 60
	}
	return 0
}

// closed reports whether practices are closed on d: a weekend or a bank
// holiday.
func (t *ukDays) closed(d models.Date) bool {
	if k := int(d - t.first); k >= 0 && k < len(t.flags) {
		return t.flags[k]&dayClosed != 0
	}
	wd := weekday(d)
	return wd == time.Saturday || wd == time.Sunday
}

var ukClock = newUKDays(1900, 2110)

// localToUTC turns a local wall-clock minute of day on date d into a Timestamp.
func localToUTC(d models.Date, minuteOfDay int) models.Timestamp {
	return d.Start().AddMinutes(minuteOfDay - ukClock.offsetMinutes(d))
}

// UKLocal is t on the UK clock: GMT, or BST (UTC+1) from 01:00 UTC on the
// last Sunday of March to 01:00 UTC on the last Sunday of October (the
// clocks change at 01:00 GMT). The generator places its times by the day
// (localToUTC); the audit reads a stored time back by this, the same
// switch days (lastSunday), to the hour.
func UKLocal(t models.Timestamp) time.Time {
	u := t.Time().UTC()
	y := u.Year()
	from := lastSunday(y, time.March).Start().AddMinutes(60)
	to := lastSunday(y, time.October).Start().AddMinutes(60)
	if t >= from && t < to {
		return u.Add(time.Hour)
	}
	return u
}

// PracticeClosed reports whether practices in England are closed on d (a
// weekend or a bank holiday): the audit judges contacts by this calendar.
func PracticeClosed(d models.Date) bool { return ukClock.closed(d) }

// nextWorkingDay is d, or the first day after it that is neither a weekend
// nor a bank holiday.
func nextWorkingDay(d models.Date) models.Date {
	for ukClock.closed(d) {
		d++
	}
	return d
}

// lastWorkingDay is d, or the last working day before it: a visit booked
// on a closed day would move forward, past what it must come before (a
// diagnosis it confirms: confirm.go).
func lastWorkingDay(d models.Date) models.Date {
	for ukClock.closed(d) {
		d--
	}
	return d
}

// clinicStart is an appointment slot between 08:00 and 18:00 local, on the
// first working day on or after d.
func clinicStart(d models.Date, s *distributions.Stream) (models.Date, models.Timestamp) {
	d = nextWorkingDay(d)
	return d, localToUTC(d, 8*60+10*s.IntN(60))
}

// anyHour is a start time on d weighted toward the day, as A&E arrivals are.
// Its UTC date is d even in the first hour of a BST day (00:xx local is the
// previous day in UTC), so nothing slips before a birth or a window start.
func anyHour(d models.Date, s *distributions.Stream) models.Timestamp {
	hour := 8 + int(s.NormalMS(6, 5))
	hour = ((hour % 24) + 24) % 24
	t := localToUTC(d, hour*60+s.IntN(60))
	if t < d.Start() {
		t += 60 * models.Timestamp(models.MicrosPerMinute)
	}
	return t
}
