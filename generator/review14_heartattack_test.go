// Checks for the fourteenth review's second reading: a heart attack seen at
// A&E is tested as chest pain is, with its troponin raised.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestHeartAttacksHaveECGAndRaisedTroponin: a GP read 0 of 66 heart
// attacks with an ECG or a troponin at the A&E attendance that brought
// them in, while every chest pain there had both (generate -n 5000 -s 53).
// Now every A&E attendance for a heart attack of an adult records a 12-lead
// ECG and a troponin well above the 99th centile of about 14 ng/L (over 50),
// the highest chest pain troponin of the same population is
// logged beside it.
func TestHeartAttacksHaveECGAndRaisedTroponin(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("ecg_12_lead")
	if !ok {
		t.Fatal("observation_codes.csv: no ecg_12_lead")
	}
	ecg, trop := code.Snomed, r.snomed("troponin")
	keys := r.conditionKeys()
	attacks, fatal, tested, chestMax := 0, 0, 0, 0.0
	var low []float64
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE || e.ReasonConditionID == "" {
			continue
		}
		key := keys[e.ReasonConditionID]
		if key != "chd_event" && key != "cause_myocardial_infarction" && key != "chest_pain" {
			continue // (a fatal heart attack: a cause of death's row, twenty-sixth review)
		}
		hasECG, value := false, -1.0
		for _, o := range r.obsByEnc[e.EncounterID] {
			hasECG = hasECG || o.SnomedCode == ecg
			if o.SnomedCode == trop && o.Value != nil {
				value = *o.Value
			}
		}
		if key == "chest_pain" {
			chestMax = max(chestMax, value)
			continue
		}
		if ageOnDay(r.patients[e.PatientID], e.StartTime.Date()) < 18 {
			continue
		}
		attacks++
		if key == "cause_myocardial_infarction" {
			fatal++
		}
		if !hasECG || value < 0 {
			t.Errorf("heart attack at A&E (patient %s, %v): ECG %v, troponin %v", e.PatientID, e.StartTime.Date(), hasECG, value)
			continue
		}
		tested++
		if value <= 50 {
			low = append(low, value)
		}
	}
	enough(t, attacks, 20, "heart attacks seen at A&E")
	enough(t, fatal, 5, "fatal heart attacks seen at A&E")
	if len(low) > 0 {
		t.Errorf("%d of %d heart attacks with a troponin of 50 ng/L or less: %v", len(low), tested, low)
	}
	t.Logf("%d heart attacks at A&E (%d fatal), %d tested; highest chest pain troponin %.0f", attacks, fatal, tested, chestMax)
}
