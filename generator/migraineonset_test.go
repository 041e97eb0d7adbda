package generator

import "testing"

// TestMigraineIsNotFirstDiagnosedInOldAge: a new headache after 50 is a red
// flag for a secondary cause (NICE CG150; datasets/catalogue.yaml, migraine's
// onset). Before stop 52 the diagnosis was an exponential ten years before the
// population date whatever the person's age: at generate -n 20000 -s 5, 55
// migraine diagnoses (of 634) were made at 70 or over (one at 88 in a GP
// review of seed 47) and 201 at 50 or over. The diagnosis is now drawn among
// the ages the person has reached, mostly 20-50: none at 70+ and 75 at 50+;
// here at most a fifth (this population on main: 231 of 641).
func TestMigraineIsNotFirstDiagnosedInOldAge(t *testing.T) {
	r := review5Population(t)
	all, from50, from70 := 0, 0, 0
	for _, c := range r.b.Conditions {
		if c.ConditionKey != "migraine" && c.ConditionKey != "migraine_with_aura" {
			continue
		}
		age := ageOnDay(r.patients[c.PatientID], c.OnsetDate)
		all++
		if age >= 50 {
			from50++
		}
		if age >= 70 {
			from70++
			t.Logf("patient %s: %s first diagnosed at %d", c.PatientID, c.ConditionKey, age)
		}
	}
	enough(t, all, 200, "migraine diagnoses")
	t.Logf("%d migraine diagnoses: %d at 50 or over, %d at 70 or over", all, from50, from70)
	if from70 > 0 {
		t.Errorf("%d of %d migraine diagnoses at 70 or over (none)", from70, all)
	}
	if from50*5 > all {
		t.Errorf("%d of %d migraine diagnoses at 50 or over (at most a fifth)", from50, all)
	}
}
