// Checks for the fifteenth review: atrial fibrillation is diagnosed with an
// ECG (catalogue diagnosis_tests).
package generator

import "testing"

// TestAtrialFibrillationDiagnosedWithAnECG: a GP review found 173 of 175
// atrial fibrillation diagnoses with no 12-lead ECG within 30 days (generate
// -n 5000 -s 59; NICE NG196: an ECG makes the diagnosis). Now every
// diagnosis made at a GP visit records each of the condition's diagnosis
// tests at that visit.
func TestAtrialFibrillationDiagnosedWithAnECG(t *testing.T) {
	r := pathwayPopulation(t)
	c := &r.p.conds[r.p.condIndex["atrial_fibrillation"]]
	if len(c.diagTests) == 0 {
		t.Fatal("atrial fibrillation has no diagnosis_tests")
	}
	checked := 0
	for i := range r.b.Conditions {
		cd := &r.b.Conditions[i]
		e := r.encs[cd.DiagnosisEncounterID]
		if cd.ConditionKey != c.Key || e == nil || e.Setting != settingGP {
			continue
		}
		checked++
		for _, want := range c.diagTests {
			found := false
			for _, o := range r.obsByEnc[e.EncounterID] {
				found = found || o.SnomedCode == want.Snomed
			}
			if !found {
				t.Errorf("%s: atrial fibrillation diagnosed at %s on %s with no %s", cd.PatientID, e.EncounterID, cd.OnsetDate, want.Term)
			}
		}
	}
	enough(t, checked, 40, "atrial fibrillation diagnosed at a GP visit")
}
