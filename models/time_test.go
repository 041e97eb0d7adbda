package models

import (
	"testing"
	"time"
)

func TestDatesRoundTripAroundTheEpoch(t *testing.T) {
	for _, s := range []string{"1899-12-31", "1969-12-31", "1970-01-01", "2024-02-29", "2100-12-31"} {
		tm, _ := time.Parse(time.DateOnly, s)
		d := DateOf(tm)
		if d.String() != s {
			t.Errorf("%s -> %v -> %s", s, int32(d), d)
		}
		// Any time of day belongs to the same date, before 1970 too.
		if got := DateOf(tm.Add(15 * time.Hour)); got != d {
			t.Errorf("%s 15:00 gives %s", s, got)
		}
		if got := d.Start().AddMinutes(23*60 + 59).Date(); got != d {
			t.Errorf("%s 23:59 timestamp gives %s", s, got)
		}
	}
	if got := YearsBetween(DateFromYMD(2000, 2, 29), DateFromYMD(2001, 2, 28)); got != 0 {
		t.Errorf("born 29 Feb: %d on 28 Feb next year, want 0", got)
	}
}

// YMD is integer arithmetic; it must agree with the time package on every
// day from 1700 to 2200, and YearsBetween with the definition through time.
func TestYMDMatchesTimePackage(t *testing.T) {
	from, to := DateFromYMD(1700, 1, 1), DateFromYMD(2200, 12, 31)
	for d := from; d <= to; d++ {
		y, m, day := d.YMD()
		tm := d.Time()
		if y != tm.Year() || m != int(tm.Month()) || day != tm.Day() {
			t.Fatalf("%v: YMD %d-%d-%d, time says %s", int32(d), y, m, day, tm.Format(time.DateOnly))
		}
	}
	birth := DateFromYMD(1948, 2, 29)
	for d := birth; d < birth+40000; d += 97 {
		tb, tm := birth.Time(), d.Time()
		want := tm.Year() - tb.Year()
		if tm.Month() < tb.Month() || (tm.Month() == tb.Month() && tm.Day() < tb.Day()) {
			want--
		}
		if got := YearsBetween(birth, d); got != want {
			t.Fatalf("age on %s: %d, want %d", d, got, want)
		}
	}
}

// TestCivilDateMatchesTimePackage checks the integer days-from-civil against
// time.Date on every day of 1600-2400 and on the days past a month's end it
// must run on from (29-31 February, 31 April).
func TestCivilDateMatchesTimePackage(t *testing.T) {
	for y := 1600; y <= 2400; y++ {
		for m := 1; m <= 12; m++ {
			for day := -1; day <= 32; day++ { // and the days either side of a month, which run on
				if got, want := CivilDate(y, m, day), DateOf(time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)); got != want {
					t.Fatalf("%d-%02d-%02d: CivilDate %s, time.Date %s", y, m, day, got, want)
				}
			}
		}
	}
}
