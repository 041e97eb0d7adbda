// Checks for the twelfth review, when long-term conditions are diagnosed
// (docs/clinical-model.md, "GP referrals to clinic (twelfth review)").
package generator

import "testing"

// TestChronicDiagnosesNotOnBirthdays: a diagnosis drawn before the
// condition's youngest age was moved to the birthday on which the person
// reached it: 140 asthma diagnoses on a third birthday and 148 depression
// on a sixteenth (generate -n 20000 -s 5). Diagnoses falling on a birthday
// (not the day of birth) must be near chance: at most three times 1 in 365
// of the chronic diagnoses.
func TestChronicDiagnosesNotOnBirthdays(t *testing.T) {
	r := pathwayPopulation(t)
	n, onBirthday := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if !c.Chronic {
			continue
		}
		born := r.patients[c.PatientID].BirthDate
		if c.OnsetDate <= born {
			continue
		}
		n++
		_, bm, bd := born.YMD()
		if _, m, d := c.OnsetDate.YMD(); m == bm && d == bd {
			onBirthday++
		}
	}
	enough(t, n, 1000, "chronic diagnoses after birth")
	t.Logf("%d of %d chronic diagnoses on a birthday (chance: %.0f)", onBirthday, n, float64(n)/365)
	if float64(onBirthday) > 3*float64(n)/365 {
		t.Errorf("%d of %d chronic diagnoses fall on a birthday, chance is %.0f", onBirthday, n, float64(n)/365)
	}
}
