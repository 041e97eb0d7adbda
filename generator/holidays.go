package generator

import (
	"time"

	"github.com/code4health/cohortgen/models"
)

// bankHolidays are England's bank holidays in a year, by the rules of the
// Banking and Financial Dealings Act 1971 as applied since 1978 (gov.uk,
// "UK bank holidays"): New Year's Day (from 1974), Good Friday, Easter
// Monday, the early May bank holiday (first Monday in May, from 1978), the
// spring bank holiday (last Monday in May), the summer bank holiday (last
// Monday in August), Christmas Day and Boxing Day; a holiday on a weekend
// is taken on the next weekday. Years in which a holiday was moved, and the
// one-off days of royal events, follow the proclamations (listed below).
// Before 1978 only the days still observed then are marked (approx).
func bankHolidays(y int) []models.Date {
	var out []models.Date
	add := func(d models.Date) { out = append(out, d) }
	if y >= 1974 {
		add(substitute(models.CivilDate(y, 1, 1), nil))
	}
	easter := easterSunday(y)
	add(easter - 2)
	add(easter + 1)
	if d, ok := movedHolidays[[2]int{y, 5}]; ok {
		add(d)
	} else if y >= 1978 {
		add(firstMonday(y, time.May))
	}
	if d, ok := movedHolidays[[2]int{y, 6}]; ok {
		add(d)
	} else {
		add(lastMonday(y, time.May))
	}
	add(lastMonday(y, time.August))
	christmas := substitute(models.CivilDate(y, 12, 25), nil)
	add(christmas)
	add(substitute(models.CivilDate(y, 12, 26), []models.Date{christmas}))
	for _, d := range oneOffHolidays {
		if yy, _, _ := d.YMD(); yy == y {
			add(d)
		}
	}
	return out
}

// movedHolidays: years whose early May ({y, 5}) or spring ({y, 6}) bank
// holiday was moved by proclamation (gov.uk; approx: recalled).
var movedHolidays = map[[2]int]models.Date{
	{1995, 5}: models.CivilDate(1995, 5, 8), // VE Day 50th anniversary
	{2002, 6}: models.CivilDate(2002, 6, 4), // Golden Jubilee
	{2012, 6}: models.CivilDate(2012, 6, 4), // Diamond Jubilee
	{2020, 5}: models.CivilDate(2020, 5, 8), // VE Day 75th anniversary
	{2022, 6}: models.CivilDate(2022, 6, 2), // Platinum Jubilee
}

// oneOffHolidays are extra bank holidays (gov.uk; approx: recalled).
var oneOffHolidays = []models.Date{
	models.CivilDate(1999, 12, 31), // millennium
	models.CivilDate(2002, 6, 3),   // Golden Jubilee
	models.CivilDate(2011, 4, 29),  // royal wedding
	models.CivilDate(2012, 6, 5),   // Diamond Jubilee
	models.CivilDate(2022, 6, 3),   // Platinum Jubilee
	models.CivilDate(2022, 9, 19),  // state funeral of Queen Elizabeth II
	models.CivilDate(2023, 5, 8),   // coronation of King Charles III
}

// substitute moves a holiday falling on a weekend, or on a day already
// taken, to the next free weekday.
func substitute(d models.Date, taken []models.Date) models.Date {
	for {
		wd := weekday(d)
		busy := wd == time.Saturday || wd == time.Sunday
		for _, t := range taken {
			busy = busy || t == d
		}
		if !busy {
			return d
		}
		d++
	}
}

func firstMonday(y int, m time.Month) models.Date {
	d := models.CivilDate(y, int(m), 1)
	for weekday(d) != time.Monday {
		d++
	}
	return d
}

// lastMonday is the last Monday of month m (January to November).
func lastMonday(y int, m time.Month) models.Date {
	d := models.CivilDate(y, int(m)+1, 1) - 1
	for weekday(d) != time.Monday {
		d--
	}
	return d
}

// easterSunday is the Gregorian Easter Sunday (the anonymous Gregorian
// algorithm, Meeus/Jones/Butcher).
func easterSunday(y int) models.Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return models.CivilDate(y, month, day)
}
