package distributions

import (
	"math"
	"testing"
)

// PickBy draws in proportion to the weights, never an index of weight 0,
// and nothing at all when every weight is 0.
func TestPickByMatchesWeights(t *testing.T) {
	weights := []float64{0, 1, 0, 3, 6, 0}
	s := NewStream(7, 1)
	const n = 200000
	counts := make([]int, len(weights))
	for i := 0; i < n; i++ {
		counts[s.PickBy(len(weights), func(k int) float64 { return weights[k] })]++
	}
	for k, w := range weights {
		got, want := float64(counts[k])/n, w/10
		if w == 0 && counts[k] != 0 {
			t.Errorf("index %d has weight 0 but was drawn %d times", k, counts[k])
		}
		if math.Abs(got-want) > 0.005 {
			t.Errorf("index %d drawn with frequency %.4f, want %.2f", k, got, want)
		}
	}
	before := s
	if got := s.PickBy(3, func(int) float64 { return 0 }); got != -1 {
		t.Errorf("all-zero weights gave %d, want -1", got)
	}
	if s != before {
		t.Error("all-zero weights consumed a draw")
	}
}
