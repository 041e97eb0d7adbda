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

// prescribes remembers its last answer; asked about the practices' staff in
// any order it must give the plan's answer every time.
func TestPrescribesAgreesWithThePlanInAnyOrder(t *testing.T) {
	p := testPlan(t, 100, nil)
	w := newWorker(p)
	var ids []string
	yes := 0
	for _, g := range p.practitioners {
		ids = append(ids, g.PractitionerID)
		if p.prescribers[g.PractitionerID] {
			yes++
		}
	}
	if yes == 0 || yes == len(ids) {
		t.Fatalf("%d of %d practitioners prescribe: the test needs both kinds", yes, len(ids))
	}
	for pass := 0; pass < 2; pass++ {
		for i, id := range ids {
			for _, ask := range []string{id, id, ids[(i*7+3)%len(ids)], ""} {
				if got, want := w.prescribes(ask), p.prescribers[ask]; got != want {
					t.Fatalf("prescribes(%q) = %v, the plan says %v", ask, got, want)
				}
			}
		}
		slices.Reverse(ids)
	}
}
