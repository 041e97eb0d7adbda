// Checks for the fifteenth review: radiotherapy fractions are outpatient
// attendances (catalogue urgent_pathway treatments outpatient).
package generator

import "testing"

// TestRadiotherapyIsOutpatient: a GP review read a course of radiotherapy
// as five consecutive day-case admissions (generate -n 5000 -s 59). Now
// each fraction is an outpatient attendance typed by the procedure, about
// the cancer it treats, and at most one a day.
func TestRadiotherapyIsOutpatient(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	code := ""
	for _, tr := range r.p.conds[r.p.condIndex["cancer"]].UrgentPathway.Treatments {
		if tr.Key == "radiotherapy" && tr.Outpatient {
			code = tr.Snomed
		}
	}
	if code == "" {
		t.Fatal("the cancer pathway's radiotherapy is not outpatient")
	}
	type day struct {
		patient string
		d       int
	}
	seen := map[day]bool{}
	n := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != code {
			continue
		}
		n++
		if e.Setting != settingOutpatient || keys[e.ReasonConditionID] != "cancer" {
			t.Errorf("%s: radiotherapy on %s in %s about %q", e.PatientID, e.StartTime.Date(), e.Setting, keys[e.ReasonConditionID])
		}
		k := day{e.PatientID, int(e.StartTime.Date())}
		if seen[k] {
			t.Errorf("%s: two radiotherapy fractions on %s", e.PatientID, e.StartTime.Date())
		}
		seen[k] = true
	}
	enough(t, n, 20, "radiotherapy fractions")
}
