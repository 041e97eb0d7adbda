package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// Members of a cohort with condition counts have counts in range, by the
// independent checker, and not all the same conditions: which ones each
// member has is drawn, not fixed for the cohort.
func TestConditionCounts(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "multimorbid", Count: 40, Constraints: scenario.Constraints{AgeMin: 75,
			Counts: []scenario.ConditionCount{{Of: []string{"hypertension", "atrial_fibrillation", "ckd", "heart_failure", "copd", "dementia"}, AtLeast: 3, AtMost: 4}}}},
		{Name: "any", Count: 20, Constraints: scenario.Constraints{AgeMin: 30, AgeMax: 60, OnMedicines: []string{"metformin"},
			Counts: []scenario.ConditionCount{{Of: []string{"type2_diabetes", "asthma", "depression"}, AtLeast: 1, AtMost: 1}}}},
		{Name: "few", Count: 20, Constraints: scenario.Constraints{AgeMin: 80,
			Counts: []scenario.ConditionCount{{Of: []string{"hypertension", "ckd"}, AtMost: 0}}}},
	}, Background: 20}
	p, b, _ := generateChecked(t, sc)
	sets := map[string]bool{}
	for _, r := range records(b, p.Practices()) {
		if r.Patient.Cohort != "multimorbid" {
			continue
		}
		var held []string
		for _, c := range r.Conditions {
			for _, k := range sc.Cohorts[0].Counts[0].Of {
				if c.ConditionKey == k && !strings.Contains(strings.Join(held, ","), k) {
					held = append(held, k)
				}
			}
		}
		sets[strings.Join(held, ",")] = true
	}
	if len(sets) < 5 {
		t.Errorf("40 members share only %d sets of counted conditions: %v", len(sets), sets)
	}
}
