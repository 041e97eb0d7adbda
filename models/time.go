package models

import "time"

// Date is a calendar date as days since 1970-01-01 (Parquet DATE).
type Date int32

// NoDate is the zero Date; in an optional column it is written as null.
const NoDate Date = 0

// Timestamp is an instant as microseconds since the Unix epoch, UTC
// (Parquet TIMESTAMP(MICROS, isAdjustedToUTC=true)).
type Timestamp int64

const (
	microsPerDay = int64(24 * time.Hour / time.Microsecond)
	// MicrosPerMinute converts minutes to Timestamp units.
	MicrosPerMinute = int64(time.Minute / time.Microsecond)
)

// DateOf returns the Date holding t's UTC calendar day.
func DateOf(t time.Time) Date {
	sec := t.UTC().Unix()
	day := sec / 86400
	if sec < 0 && sec%86400 != 0 { // floor, not truncate, before 1970
		day--
	}
	return Date(day)
}

// DateFromYMD builds a Date from a calendar day.
func DateFromYMD(y int, m time.Month, d int) Date {
	if m >= time.January && m <= time.December {
		return CivilDate(y, int(m), d) // days outside the month run on, as in time.Date
	}
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// Start returns the Timestamp of midnight UTC at the start of the day.
func (d Date) Start() Timestamp { return Timestamp(int64(d) * microsPerDay) }

// Date returns the UTC calendar day of the instant.
func (t Timestamp) Date() Date {
	us := int64(t)
	day := us / microsPerDay
	if us < 0 && us%microsPerDay != 0 {
		day--
	}
	return Date(day)
}

// Time converts the timestamp to a time.Time in UTC.
func (t Timestamp) Time() time.Time { return time.UnixMicro(int64(t)).UTC() }

// AddMinutes returns t moved by m minutes.
func (t Timestamp) AddMinutes(m int) Timestamp { return t + Timestamp(int64(m)*MicrosPerMinute) }

// YMD returns the date's proleptic Gregorian year, month and day. It is
// integer arithmetic (the days-to-civil algorithm of H. Hinnant), with no
// time.Time conversion, because ages are computed in the per-patient hot path.
func (d Date) YMD() (year, month, day int) {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], March first
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = int(yoe + era*400)
	if month <= 2 {
		year++
	}
	return year, month, day
}

// CivilDate is the Date of a calendar day by integer arithmetic (the inverse
// of YMD, H. Hinnant's days-from-civil), for hot paths where time.Date is
// too slow. month is 1-12; a day past the month's end runs on into the next
// month (29 February of a common year is 1 March), as time.Date does.
func CivilDate(year, month, day int) Date {
	y := year
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400                     // [0, 399]
	mp := (month + 9) % 12                 // March = 0
	doy := (153*mp+2)/5 + day - 1          // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return Date(era*146097 + doe - 719468)
}

// YearsBetween returns the whole years from a to b (an age on date b for a
// birth date a), counting a birthday on 29 February as 1 March in other years.
func YearsBetween(a, b Date) int {
	ya, ma, da := a.YMD()
	yb, mb, db := b.YMD()
	years := yb - ya
	if mb < ma || (mb == ma && db < da) {
		years--
	}
	return years
}
