// Checks for brief h75b: the reason an epilepsy is not treated is the
// specialist's, coded once the clinic has diagnosed it. A GP review found
// "drug declined" coded at the GP contact that referred a first seizure,
// before any diagnosis (11 of 15 untreated epilepsies after a first seizure
// in the record, generate -n 20000 -s 83).
package generator

import "testing"

// TestUntreatedEpilepsyReasonNotBeforeTheClinic: no medication review
// coding why epilepsy is untreated (its catalogue untreated reasons) sits
// at a contact about the presenting seizure, which comes before the
// specialist's diagnosis (NICE NG217: the specialist diagnoses and decides
// on the medicine).
func TestUntreatedEpilepsyReasonNotBeforeTheClinic(t *testing.T) {
	r := review5Population(t)
	reasons := map[string]bool{}
	for _, c := range r.p.Cat.Conditions {
		if c.Key == "epilepsy" && c.Untreated != nil {
			for _, u := range c.Untreated.Reasons {
				reasons[u.Snomed] = true
			}
		}
	}
	if len(reasons) == 0 {
		t.Fatal("epilepsy has no untreated reasons in the catalogue")
	}
	keys := r.conditionKeys()
	seizures, early := 0, 0
	for id, e := range r.encs {
		if keys[e.ReasonConditionID] != "first_seizure" {
			continue
		}
		seizures++
		for _, o := range r.obsByEnc[id] {
			if reasons[o.ValueCode] || reasons[o.SnomedCode] {
				early++
				t.Logf("%s: %q coded at the contact about a first seizure on %s", e.PatientID, o.ValueDisplay+o.Description, e.StartTime.Date())
			}
		}
	}
	enough(t, seizures, 20, "contacts about a first seizure")
	t.Logf("%d contacts about a first seizure, %d coding why epilepsy is untreated", seizures, early)
	if early > 0 {
		t.Errorf("%d contacts about a first seizure code why epilepsy is not treated, before the specialist diagnosed it", early)
	}
}
