package generator

import (
	"slices"
	"testing"
)

// deleteAt (childCheckups' not-brought check-ups) must remove exactly the
// rows at the given indexes and keep the rest in order, as the id search
// it replaced (slices.DeleteFunc with slices.Contains) did.
func TestDeleteAtRemovesTheIndexedRowsInOrder(t *testing.T) {
	cases := [][]int{{0}, {4}, {9}, {0, 9}, {2, 3, 4}, {1, 5, 8}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	for _, at := range cases {
		rows := make([]string, 10)
		for i := range rows {
			rows[i] = string(rune('a' + i))
		}
		gone := make([]string, len(at))
		for j, i := range at {
			gone[j] = rows[i]
		}
		want := slices.DeleteFunc(slices.Clone(rows), func(r string) bool { return slices.Contains(gone, r) })
		got := deleteAt(rows, at)
		if !slices.Equal(got, want) {
			t.Errorf("deleteAt(%v) = %v, want %v", at, got, want)
		}
		for _, r := range rows[len(got):] {
			if r != "" {
				t.Errorf("deleteAt(%v) left %q past the kept rows", at, r)
			}
		}
	}
}
