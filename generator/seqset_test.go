package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
)

// TestSeqSetHoldsWhatAMapWould: a person's row ids put in a seqSet (the
// encounters recording something, homevisitrecords.go) answer as the map of
// ids they replaced: in the set exactly when added, whatever the table tag,
// past the size it was cleared for, and nothing left from the person
// before; a string that is no row id is never in it.
func TestSeqSetHoldsWhatAMapWould(t *testing.T) {
	var m idMaker
	var ss seqSet
	for person := uint64(0); person < 3; person++ {
		s := distributions.NewStream(1, person, purposeIDs)
		m.patient(&s)
		ss.clear(40) // sized for fewer rows than the person gets
		want := map[string]bool{}
		var ids []string
		for k := 0; k < 300; k++ {
			id := m.row(uint64(1 + k%3)) // conditions, encounters, prescriptions
			ids = append(ids, id)
			if k%7 == int(person) || k > 250 {
				ss.add(id)
				want[id] = true
			}
		}
		for _, id := range ids {
			if ss.has(id) != want[id] {
				t.Fatalf("person %d: %s in the set %v, added %v", person, id, ss.has(id), want[id])
			}
		}
		for _, s := range []string{"", "not an id", pendingGPID, pendingClinicID} {
			ss.add(s)
			if ss.has(s) {
				t.Errorf("%q is in the set", s)
			}
		}
	}
}
