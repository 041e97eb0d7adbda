package generator

import "testing"

// TestOperationsStayWithinTheirLimit: a presentation with max_per_person
// (a cataract: one operation an eye) is operated on at most that many times
// in a life, however many episodes of it the person has.
func TestOperationsStayWithinTheirLimit(t *testing.T) {
	p := testPlan(t, 6000, nil)
	b := generateAll(t, p, 0, 6000)
	limit := map[string]int{}
	for i := range p.presentations {
		if pr := &p.presentations[i]; pr.MaxPerPerson > 0 {
			limit[pr.Key] = pr.MaxPerPerson
		}
	}
	keyOf := map[string]string{}
	for i := range b.Conditions {
		keyOf[b.Conditions[i].ConditionID] = b.Conditions[i].ConditionKey
	}
	type personKey struct{ patient, key string }
	ops := map[personKey]int{}
	checked := 0
	for i := range b.Encounters {
		e := &b.Encounters[i]
		if e.AdmissionMethod != "11" || e.ReasonConditionID == "" { // elective admissions
			continue
		}
		key := keyOf[e.ReasonConditionID]
		if _, ok := limit[key]; !ok {
			continue
		}
		checked++
		k := personKey{e.PatientID, key}
		if ops[k]++; ops[k] == limit[key]+1 {
			t.Errorf("patient %s: %d elective admissions for %s, limit %d", e.PatientID, ops[k], key, limit[key])
		}
	}
	if checked < 50 {
		t.Fatalf("only %d limited elective admissions: the test sees too little", checked)
	}
}
