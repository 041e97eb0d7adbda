// Checks for brief h71g: diabetes care details and urate-lowering therapy in
// CKD, from GP reviews of generated records.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAllopurinolTitratedSlowlyInCKD: in CKD allopurinol is raised in
// smaller steps (50 mg where 100 mg is usual: ACR 2020, BSR 2017; NICE
// NG219 1.5 approx); the model keeps its 100 mg steps 56 days apart below an
// eGFR of 60 (prescribing.yaml renal slow_titration). Before, 36 of 50
// raises at a latest eGFR of 30-59 came under 56 days after the last change
// (generate -n 20000 -s 83). A raise at a latest eGFR below 60 (15 months)
// comes at least 56 days after the change before it.
func TestAllopurinolTitratedSlowlyInCKD(t *testing.T) {
	r := review5Population(t)
	egfr := observationCode(t, "egfr")
	raises, soon := 0, 0
	for id, rxs := range r.rxOf {
		var al []*models.Prescription
		for _, rx := range rxs {
			if medKey(rx) == "allopurinol" {
				al = append(al, rx)
			}
		}
		slices.SortStableFunc(al, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		for i := 1; i < len(al); i++ {
			if allopurinolMg(t, al[i]) <= allopurinolMg(t, al[i-1]) {
				continue
			}
			if v, ok := r.latestBefore(id, egfr, al[i].StartDate, 456); !ok || v >= 60 {
				continue
			}
			raises++
			if gap := al[i].StartDate - al[i-1].StartDate; gap < 56 {
				if soon++; soon <= 5 {
					t.Logf("%s: allopurinol raised on %s, %d days after the last change, at an eGFR below 60", id, al[i].StartDate, gap)
				}
			}
		}
	}
	t.Logf("%d allopurinol raises at an eGFR below 60, %d under 56 days from the last change", raises, soon)
	enough(t, raises, 15, "allopurinol raises at an eGFR below 60")
	if soon > 0 {
		t.Errorf("%d of %d allopurinol raises at an eGFR below 60 came under 56 days from the last change (smaller steps in CKD)", soon, raises)
	}
}
