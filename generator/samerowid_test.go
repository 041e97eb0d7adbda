package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/distributions"
)

// TestSameRowIDIsEquality checks sameRowID, which the record's scans use in
// place of == on row ids (issue 17), against == for one person's row ids of
// every table, ids of another person, the empty string and strings that
// differ only in their first or last byte: a scan that found a row == would
// not (or the reverse) would change the record.
func TestSameRowIDIsEquality(t *testing.T) {
	var m idMaker
	s := distributions.NewStream(7, 1, 2)
	ids := []string{"", "x", m.patient(&s)}
	for tag := uint64(tagCondition); tag <= tagAllergy; tag++ {
		ids = append(ids, m.row(tag), m.row(tag))
	}
	ids = append(ids, m.numbered(tagEncounter, 0x10), m.numbered(tagEncounter, 0x01))
	other := m.patient(&s)
	ids = append(ids, other, m.row(tagEncounter))
	for _, id := range ids[2:4] {
		ids = append(ids, strings.Clone(id), "0"+id[1:], id[:len(id)-1]+"z", id[:len(id)-1])
	}
	compared := 0
	for _, a := range ids {
		for _, b := range ids {
			if got, want := sameRowID(a, b), a == b; got != want {
				t.Errorf("sameRowID(%q, %q) = %v, == says %v", a, b, got, want)
			}
			compared++
		}
	}
	t.Logf("%d pairs compared", compared)
}

// TestHasRowIDIsContains checks hasRowID, which ladderContacts uses in place
// of slices.Contains (stop 59), against slices.Contains for lists of a
// person's row ids with and without each id asked about, including ids that
// differ from a listed one only in their first or last byte.
func TestHasRowIDIsContains(t *testing.T) {
	var m idMaker
	s := distributions.NewStream(7, 1, 3)
	p := m.patient(&s)
	ids := []string{"", p, m.row(tagCondition), m.row(tagCondition), m.row(tagEncounter)}
	ids = append(ids, "0"+p[1:], p[:len(p)-1]+"z", strings.Clone(ids[2]))
	lists := [][]string{nil, ids[:1], ids[1:3], ids[2:5], ids[5:], ids}
	asked := 0
	for _, list := range lists {
		for _, id := range ids {
			if got, want := hasRowID(list, id), slices.Contains(list, id); got != want {
				t.Errorf("hasRowID(%q, %q) = %v, slices.Contains says %v", list, id, got, want)
			}
			asked++
		}
	}
	t.Logf("%d lookups compared", asked)
}
