package generator

import (
	"reflect"
	"testing"
)

// TestContactIndexesCatchUpAsAScanWould generates the same patients with the
// background's indexes and the readings by slot (readingindex.go) caught up
// row by row and rebuilt at every read, and condition rows found through
// their index and by the scan (condindex.go), and a contact's readings of a
// slot found through the reading index and by the scan (takenAt):
// the records must be the same, field for field. A catch-up that missed a row
// (a contact dropped and its place reused, a contact turned into a telephone
// one) would book or drop other contacts.
func TestContactIndexesCatchUpAsAScanWould(t *testing.T) {
	p := testPlan(t, 1200, nil)
	caught := generateAll(t, p, 0, 1200)
	rebuildContactIndexes = true
	defer func() { rebuildContactIndexes = false }()
	rebuilt := generateAll(t, p, 0, 1200)
	if len(caught.Encounters) != len(rebuilt.Encounters) {
		t.Fatalf("%d encounters caught up, %d rebuilt", len(caught.Encounters), len(rebuilt.Encounters))
	}
	for k := range caught.Encounters {
		if caught.Encounters[k] != rebuilt.Encounters[k] {
			t.Fatalf("encounter %d differs:\n%+v\n%+v", k, caught.Encounters[k], rebuilt.Encounters[k])
		}
	}
	if !reflect.DeepEqual(caught, rebuilt) {
		t.Fatal("the records differ")
	}
}
