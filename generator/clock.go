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

// bstDays marks, for every day from 1900 to 2110, whether UK clocks are on
// BST (UTC+1): one byte a day, so the hot path is a single index.
type bstDays struct {
	first models.Date
	on    []bool
}

func newBSTDays(fromYear, toYear int) *bstDays {
	t := &bstDays{first: models.DateFromYMD(fromYear, 1, 1)}
	t.on = make([]bool, models.DateFromYMD(toYear+1, 1, 1)-t.first)
	for y := fromYear; y <= toYear; y++ {
		for d := lastSunday(y, time.March); d < lastSunday(y, time.October); d++ {
			t.on[d-t.first] = true
		}
	}
	return t
}

// offsetMinutes is the local time's offset from UTC on the date.
func (t *bstDays) offsetMinutes(d models.Date) int {
	if k := int(d - t.first); k >= 0 && k < len(t.on) && t.on[k] {
		return 60
	}
	return 0
}

var ukClock = newBSTDays(1900, 2110)

// localToUTC turns a local wall-clock minute of day on date d into a Timestamp.
func localToUTC(d models.Date, minuteOfDay int) models.Timestamp {
	return d.Start().AddMinutes(minuteOfDay - ukClock.offsetMinutes(d))
}

// nextWeekday moves a weekend date to the following Monday.
func nextWeekday(d models.Date) models.Date {
	switch weekday(d) {
	case time.Saturday:
		return d + 2
	case time.Sunday:
		return d + 1
	}
	return d
}

// clinicStart is a weekday appointment slot between 08:00 and 18:00 local,
// on the first weekday on or after d.
func clinicStart(d models.Date, s *distributions.Stream) (models.Date, models.Timestamp) {
	d = nextWeekday(d)
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
