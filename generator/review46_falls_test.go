// Checks for the forty-sixth stop: a broken hip or wrist, or a head injury,
// at 65 and over is a fall, and the practice's first contact about it
// records a falls risk assessment as after a fall (NICE NG249). Before, 6 of
// 192 broken hips at 65+ seen at the practice had one (generate -n 20000
// -s 5).
package generator

import "testing"

// TestInjuriesOfOlderPeopleAreAssessedAsFalls: the first practice contact
// about a broken hip or wrist or a head injury at 65+ records the falls
// risk assessment at most of them (frailty.yaml falls_assessment share 0.8;
// at least 6 in 10 here).
func TestInjuriesOfOlderPeopleAreAssessedAsFalls(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	first := firstClinicianContacts(r)
	contacts, assessed := map[string]int{}, map[string]int{}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		k := c.ConditionKey
		if k != "hip_fracture" && k != "wrist_fracture" && k != "head_injury" {
			continue
		}
		e := first[c.ConditionID]
		if e == nil || ageOnDay(r.patients[c.PatientID], c.OnsetDate) < 65 {
			continue
		}
		contacts[k]++
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == fp.falls.Snomed {
				assessed[k]++
				break
			}
		}
	}
	enough(t, contacts["hip_fracture"], 40, "practice contacts after a broken hip at 65+")
	n, a := 0, 0
	for k := range contacts {
		n, a = n+contacts[k], a+assessed[k]
		t.Logf("%s: %d of %d first practice contacts at 65+ record a falls risk assessment", k, assessed[k], contacts[k])
	}
	if a*10 < n*6 {
		t.Errorf("%d of %d first practice contacts after a broken hip or wrist or a head injury at 65+ record a falls risk assessment, want 6 in 10 or more", a, n)
	}
}
