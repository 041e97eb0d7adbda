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
