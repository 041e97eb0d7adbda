package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// TestDaySetAnyIn: anyIn agrees with asking has of every day in the range,
// for ranges that start before the set, cross word boundaries, span whole
// words and run past its end.
func TestDaySetAnyIn(t *testing.T) {
	s := distributions.NewStream(7)
	for trial := 0; trial < 200; trial++ {
		var ds daySet
		first := models.Date(1000 + s.IntN(50))
		ds.reset(first, first+models.Date(300+s.IntN(400)))
		for n := s.IntN(4); n > 0; n-- {
			ds.add(first + models.Date(s.IntN(700)))
		}
		for q := 0; q < 50; q++ {
			lo := first - 30 + models.Date(s.IntN(760))
			hi := lo + models.Date(s.IntN(200))
			want := false
			for d := lo; d <= hi; d++ {
				want = want || ds.has(d)
			}
			if got := ds.anyIn(lo, hi); got != want {
				t.Fatalf("anyIn(%d, %d) = %v, days one by one: %v", lo-first, hi-first, got, want)
			}
		}
	}
}
