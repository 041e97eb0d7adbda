package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestBlackoutsInAEHaveAnECG: a GP reviewer found 3,311 of 3,319 syncope
// episodes with no ECG (twenty-sixth review, generate -n 20000 -s 9); NICE
// CG109 1.1.3 records a 12-lead ECG at the first assessment of a blackout.
// Every A&E attendance about syncope records one.
func TestBlackoutsInAEHaveAnECG(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("ecg_12_lead")
	if !ok {
		t.Fatal("observation_codes.csv: no ecg_12_lead")
	}
	keys := r.conditionKeys()
	seen, without := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE || keys[e.ReasonConditionID] != "syncope" {
			continue
		}
		seen++
		hasECG := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			hasECG = hasECG || o.SnomedCode == code.Snomed
		}
		if !hasECG {
			without++
		}
	}
	enough(t, seen, 100, "A&E attendances about syncope")
	if without > 0 {
		t.Errorf("%d of %d A&E attendances about syncope with no 12-lead ECG", without, seen)
	}
}
