package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/distributions"
)

// TestSortPackedAgreesWithSort compares the radix path with a comparison sort
// on packed keys shaped as orderBy makes them (times with ties, indexes in
// the low 20 bits), at lengths either side of the switch.
func TestSortPackedAgreesWithSort(t *testing.T) {
	s := distributions.NewStream(1, 2, 3)
	for _, n := range []int{2, 5, radixFrom - 1, radixFrom, radixFrom + 1, 300, 2000} {
		for _, span := range []int{1, 60, 86400 * 3650} {
			ks := make([]uint64, n)
			for i := range ks {
				at := uint64(4_000_000_000 + s.IntN(span))
				ks[i] = at<<20 | uint64(i)
			}
			want := slices.Clone(ks)
			slices.Sort(want)
			got := sortPacked(ks)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d span=%d: radix order differs from slices.Sort", n, span)
			}
			if &got[0] != &ks[0] {
				t.Fatalf("n=%d: result not in the caller's storage", n)
			}
		}
	}
}
