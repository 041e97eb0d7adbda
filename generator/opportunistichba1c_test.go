package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoHbA1cAtUnrelatedProblems: an HbA1c is taken for a reason (catalogue
// activity opportunistic_hba1c): an NHS Health Check of someone at risk, the
// care of diabetes or non-diabetic hyperglycaemia, tiredness. Before, a GP
// contact from 40 took one at 4% whatever the problem: 1,054 of 51,027 such
// contacts about eczema, a UTI, otitis, conjunctivitis, a cut or cellulitis
// (2.1%, generate -n 20000 -s 5). None of those problems is a reason for it.
func TestNoHbA1cAtUnrelatedProblems(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	unrelated := map[string]bool{"eczema": true, "uti": true, "otitis_media": true, "conjunctivitis": true, "laceration": true, "cellulitis": true}
	hba1c := r.snomed("hba1c")
	contacts, taken := 0, 0
	for _, e := range r.encs {
		pt := r.patients[e.PatientID]
		if e.Setting != settingGP || !unrelated[keys[e.ReasonConditionID]] || models.YearsBetween(pt.BirthDate, e.StartTime.Date()) < 40 {
			continue
		}
		contacts++
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == hba1c {
				taken++
				t.Logf("patient %s: an HbA1c at a contact about %s on %s", e.PatientID, keys[e.ReasonConditionID], e.StartTime.Date())
				break
			}
		}
	}
	enough(t, contacts, 1000, "GP contacts from 40 about an unrelated problem")
	if taken*1000 > contacts {
		t.Errorf("an HbA1c at %d of %d GP contacts from 40 about eczema, a UTI, otitis, conjunctivitis, a cut or cellulitis, want at most 1 in 1,000", taken, contacts)
	}
}
