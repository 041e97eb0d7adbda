package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// TestRowIDsAsIntegersFormatAsStrings checks that a row id held as integers
// formats to the string id the same patient, tag and number would get, so
// the tables that carry integer ids write the same bytes as before.
func TestRowIDsAsIntegersFormatAsStrings(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		var m idMaker
		s := distributions.NewStream(seed, 0, 0)
		pid := m.patient(&s)
		if got := m.pid.String(); got != pid {
			t.Fatalf("patient id %q held as %q", pid, got)
		}
		for _, n := range []uint64{0, 1, 7, 255, 4096, 1<<44 - 1} {
			for tag := uint64(1); tag < numTags; tag++ {
				if got, want := m.numberedID(tag, n).String(), m.numbered(tag, n); got != want {
					t.Fatalf("tag %d number %d: %q, want %q", tag, n, got, want)
				}
			}
		}
		// rowID and row share the patient's sequence.
		a := m.rowID(tagObservation)
		b := m.row(tagEncounter)
		if c := m.rowID(tagPrescription); a == c || rowSeq(b) != int(a.Lo&(1<<44-1))+1 || int(c.Lo&(1<<44-1)) != rowSeq(b)+1 {
			t.Fatalf("sequence: %s, %s, %s", a, b, c)
		}
		// take then numbered is the id row would have made, and the next
		// row's id follows it (pendingClinic formats a kept attendance's
		// id late, and every later row keeps its id).
		n := m.take()
		if got, want := m.numbered(tagEncounter, n), rowSeq(b)+2; rowSeq(got) != want || got[:24] != pid[:24] {
			t.Fatalf("taken id %s: sequence %d, want %d", got, rowSeq(got), want)
		}
		if next := m.row(tagEncounter); rowSeq(next) != int(n)+1 {
			t.Fatalf("after a taken number: %s", next)
		}
		if _, err := models.ParseID(pid); err != nil {
			t.Fatal(err)
		}
	}
}
