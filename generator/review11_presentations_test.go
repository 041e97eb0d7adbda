// Checks for the eleventh review's presentations at implausible ages
// (docs/clinical-model.md, "Children's records (eleventh review)").
package generator

import (
	"testing"
)

// TestNoPresentationBeforeItsAge: "abdominal pain" was coded at two days
// old, 718 times under a year (92 in the first four weeks) on generate -n
// 20000 -s 5: a baby cannot say where it hurts. Every presentation's new
// episode begins at or after the catalogue's minimum age for it (min_age
// in years, min_age_days), abdominal pain from 2.
func TestNoPresentationBeforeItsAge(t *testing.T) {
	r := pathwayPopulation(t)
	type minimum struct{ years, days int }
	mins := map[string]minimum{}
	for _, pr := range r.p.Cat.Presentations {
		if pr.MinAge > 0 || pr.MinAgeDays > 0 {
			mins[pr.Key] = minimum{pr.MinAge, pr.MinAgeDays}
		}
	}
	if mins["abdominal_pain"].years < 1 {
		t.Fatalf("abdominal pain has no minimum age of a year or more (%+v)", mins["abdominal_pain"])
	}
	checked, early := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		m, ok := mins[c.ConditionKey]
		if !ok || c.Chronic {
			continue
		}
		p := r.patients[c.PatientID]
		checked++
		if days := int(c.OnsetDate - p.BirthDate); ageOnDay(p, c.OnsetDate) < m.years || days < m.days {
			early++
			if early <= 10 {
				t.Errorf("%s: %s at %d days old (minimum %d years, %d days)", c.PatientID, c.ConditionKey, days, m.years, m.days)
			}
		}
	}
	enough(t, checked, 1000, "presentations with a minimum age")
	if early > 0 {
		t.Errorf("%d of %d presentations began before their minimum age", early, checked)
	}
}
