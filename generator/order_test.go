package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/distributions"
)

// TestSortPackedAgreesWithSort compares the radix path with a comparison sort
// on packed keys shaped as orderBy makes them (times with ties, indexes in
// the low 20 bits, in index order), at lengths either side of the switch.
func TestSortPackedAgreesWithSort(t *testing.T) {
	s := distributions.NewStream(1, 2, 3)
	for _, n := range []int{2, 5, radixFrom - 1, radixFrom, radixFrom + 1, 300, 2000, 70_000} { // 70,000: indexes past 2^16, whose bits 16-19 share a pass with the key
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

// TestOrderByIsAStableSort checks orderBy against slices.SortStableFunc on
// rows that are in order, nearly in order (runs, as a patient's tables are)
// and shuffled, each row carrying its original position to show where it
// went.
func TestOrderByIsAStableSort(t *testing.T) {
	type row struct {
		at   int64
		orig int
		name string // a pointer, as in the record structs
	}
	s := distributions.NewStream(4, 5, 6)
	var keys []uint64
	for _, n := range []int{2, 3, 40, radixFrom + 7, 1500} {
		for _, shape := range []string{"sorted", "runs", "shuffled", "ties"} {
			rows := make([]row, n)
			for i := range rows {
				var at int64
				switch shape {
				case "sorted":
					at = int64(i)
				case "runs": // four interleaved rising runs
					at = int64(i/4 + (i%4)*n/5)
				case "shuffled":
					at = int64(s.IntN(1 << 30))
				case "ties":
					at = int64(s.IntN(5))
				}
				rows[i] = row{at: at, orig: i, name: string(rune('a' + i%26))}
			}
			want := slices.Clone(rows)
			slices.SortStableFunc(want, func(a, b row) int { return int(a.at - b.at) })
			orderBy(rows, func(r *row) int64 { return r.at }, &keys)
			if !slices.Equal(rows, want) {
				t.Fatalf("n=%d %s: orderBy differs from a stable sort", n, shape)
			}
		}
	}
}
