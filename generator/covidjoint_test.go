package generator

import (
	"math"
	"testing"
)

// boosterZBisect is the plain bisection boosterZ replaced: the reference
// its Newton steps must agree with.
func boosterZBisect(za, pct, c, pSecond float64) float64 {
	lo, hi := -8.0, 8.0
	for range 60 {
		mid := (lo + hi) / 2
		if bothBelow(za, mid, c)*pSecond*100 < pct {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestBoosterZMatchesBisection: the threshold found by Newton steps is the
// bisection's to within 1e-9 over the range of primary thresholds, uptakes,
// correlations and completion shares the catalogue can give, including
// uptakes above the course's own (capped) and none at all.
func TestBoosterZMatchesBisection(t *testing.T) {
	for _, za := range []float64{-7, -2.3, -0.5, 0, 0.4, 1.2, 2.5, 6} {
		for _, pct := range []float64{0, 0.5, 5, 30, 55, 80, 97, 100} {
			for _, c := range []float64{0, 0.3, 0.7, 0.95} {
				for _, ps := range []float64{0.6, 0.9, 1} {
					got, want := boosterZ(za, pct, c, ps), boosterZBisect(za, pct, c, ps)
					// where the uptake is all or nothing the threshold only has to
					// sit beyond every draw: both ends of the range do
					if math.Abs(got-want) > 1e-9 && !(math.Abs(want) > 7.9 && math.Abs(got) > 7.9) {
						t.Errorf("boosterZ(%v, %v, %v, %v) = %v, bisection %v", za, pct, c, ps, got, want)
					}
				}
			}
		}
	}
}
