package datasets

import (
	"math"
	"testing"
)

// Minute spreads an even draw over the day by the hours' weights: over a
// fine grid of draws each hour gets its weight's share, and later draws
// never map to earlier minutes.
func TestDischargeHoursMinuteFollowsTheWeights(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	h := cat.Activity.DischargeHours
	const n = 100_000
	var got [24]int
	prev := -1
	for i := 0; i < n; i++ {
		m := h.Minute((float64(i) + 0.5) / n)
		if m < prev || m < 0 || m >= 24*60 {
			t.Fatalf("draw %d: minute %d after %d", i, m, prev)
		}
		prev = m
		got[m/60]++
	}
	total := 0.0
	for _, w := range h.Weights {
		total += w
	}
	for hour, w := range h.Weights {
		if share := float64(got[hour]) / n; math.Abs(share-w/total) > 0.001 {
			t.Errorf("hour %d: %.4f of draws, weight share %.4f", hour, share, w/total)
		}
	}
}
