package generator

import "testing"

// TestEveryEncounterHasItsRowID: every encounter written carries a row id
// of its own patient (their id's first 24 characters, a sequence number),
// none twice; a background clinic attendance whose id was left to be
// formatted once it had a reason (pendingClinicID) would show here.
func TestEveryEncounterHasItsRowID(t *testing.T) {
	p := testPlan(t, 2000, nil)
	b := generateAll(t, p, 0, 2000)
	seen := make(map[string]bool, len(b.Encounters))
	clinics := 0
	for _, e := range b.Encounters {
		if rowSeq(e.EncounterID) < 0 || e.EncounterID[:24] != e.PatientID[:24] || seen[e.EncounterID] {
			t.Fatalf("encounter %q of patient %s (%s): not a row id of the patient, or written twice", e.EncounterID, e.PatientID, e.Setting)
		}
		seen[e.EncounterID] = true
		if e.Setting == settingOutpatient {
			clinics++
		}
	}
	if clinics == 0 {
		t.Fatal("no clinic attendances to check")
	}
}
