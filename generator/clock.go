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

// bstTable caches BST day ranges by year.
type bstTable struct {
	first int
	start []models.Date
	end   []models.Date
}

func newBSTTable(fromYear, toYear int) *bstTable {
	t := &bstTable{first: fromYear}
	for y := fromYear; y <= toYear; y++ {
		t.start = append(t.start, lastSunday(y, time.March))
		t.end = append(t.end, lastSunday(y, time.October))
	}
	return t
}

// offsetMinutes is the local time's offset from UTC on the date.
func (t *bstTable) offsetMinutes(d models.Date) int {
	y := d.Time().Year() - t.first
	if y < 0 || y >= len(t.start) {
		return 0
	}
	if d >= t.start[y] && d < t.end[y] {
		return 60
	}
	return 0
}

var ukClock = newBSTTable(1900, 2110)

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
func anyHour(d models.Date, s *distributions.Stream) models.Timestamp {
	hour := 8 + int(s.NormalMS(6, 5))
	hour = ((hour % 24) + 24) % 24
	return localToUTC(d, hour*60+s.IntN(60))
}
