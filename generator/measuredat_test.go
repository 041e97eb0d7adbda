package generator

import (
	"fmt"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestMeasuredAtAnswersAsTheIDScan checks measuredAt, which compares the
// encounters' sequence numbers before their ids (stop 60), against a scan
// comparing the ids alone, over rows at the row ids of two people (the same
// sequence numbers, different ids) and at ids that are no row ids. A reading
// found by its number alone would be taken at a contact of someone else's.
func TestMeasuredAtAnswersAsTheIDScan(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	w.b = &models.Batch{}
	per := &person{readings: newReadingIndex(len(p.obsCodes))}
	rowIDOf := func(who string, seq int) string { return fmt.Sprintf("%s-0000-4000-8000-%012x", who, 0x3<<44|seq) }
	var ids []string
	for seq := range 6 {
		ids = append(ids, rowIDOf("aaaaaaaa", seq), rowIDOf("bbbbbbbb", seq))
	}
	ids = append(ids, "", "not-a-row-id", rowIDOf("aaaaaaaa", 99))
	if rowSeq(ids[0]) < 0 || rowSeq(ids[0]) != rowSeq(ids[1]) {
		t.Fatalf("the test's ids are not row ids of one sequence number: %q %q", ids[0], ids[1])
	}
	slots := []int{0, 1}
	// rows of person a's even contacts in slot 0, person b's odd ones in slot 1, and the non-row ids in both
	for k, id := range ids {
		slot := slots[(k/2)%2]
		if k >= 12 {
			slot = k % 2
		}
		w.b.Observations = append(w.b.Observations, models.Observation{ObservationID: models.ID{Lo: uint64(k + 1)},
			EncounterID: id, SnomedCode: p.obsCodes[slot].Snomed})
	}
	checked, found := 0, 0
	for _, slot := range slots {
		for _, id := range append(ids, rowIDOf("cccccccc", 2), rowIDOf("aaaaaaaa", 7)) {
			want := false
			for _, o := range w.b.Observations {
				want = want || (o.SnomedCode == p.obsCodes[slot].Snomed && o.EncounterID == id)
			}
			if got := w.measuredAt(per, id, slot); got != want {
				t.Errorf("slot %d, contact %q: measuredAt says %v, the scan of the ids %v", slot, id, got, want)
			}
			checked++
			if want {
				found++
			}
		}
	}
	if found == 0 || found == checked {
		t.Fatalf("%d of %d contacts measured: the test must ask about both", found, checked)
	}
}
