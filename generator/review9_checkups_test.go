// Checks for the lead's findings of the ninth GP review (docs/clinical-model.md,
// "Ninth review (2026-12-01)").
package generator

import "testing"

// TestBloodPressureChecksOfHypertensionHaveItsReason: a woman of 104 with
// hypertension had four blood pressure check-ups in five months with no
// reason (systolic 145-165), and 16,128 such check-ups of people with
// diagnosed hypertension had none (20,000 patients, seed 7). A blood
// pressure check of someone with hypertension is about it: an adult GP
// check-up after the diagnosis that records a blood pressure names the
// hypertension.
func TestBloodPressureChecksOfHypertensionHaveItsReason(t *testing.T) {
	r := pathwayPopulation(t)
	checkup := r.p.encTypes[encGPConsultation].Code
	systolic := r.snomed("systolic_bp")
	checked := 0
	for _, e := range r.encs {
		if e.Setting != settingGP || e.TypeCode != checkup {
			continue
		}
		h := r.has(e.PatientID, "hypertension")
		if h == nil || h.OnsetDate > e.StartTime.Date() {
			continue
		}
		measured := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			measured = measured || o.SnomedCode == systolic
		}
		if !measured {
			continue
		}
		checked++
		if e.ReasonConditionID == "" {
			t.Fatalf("patient %s: blood pressure check-up on %s with no reason, hypertension diagnosed %s", e.PatientID, e.StartTime.Date(), h.OnsetDate)
		}
	}
	enough(t, checked, 500, "blood pressure check-ups of people with hypertension")
}
