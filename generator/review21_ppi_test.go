// Checks for the twentieth review's maintenance doses (docs/clinical-model.md,
// "A reflux PPI at its maintenance dose (twentieth review)").
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRefluxPPIStepsDownToMaintenance: on main every person with reflux on a
// PPI stayed on omeprazole 20 mg or lansoprazole 30 mg for as long as the
// record ran. Now, per prescribing.yaml maintenance_dose, the lower dose is
// issued only for that condition and only after_days or more after its
// onset (less a few days: the course the year counts from can start a day
// or two before the first issue the record shows; 364-366 days on
// generate -n 20000 -s 5, 363 on this test's population), and about the
// rule's share of people on it for two years or more have moved down to it.
func TestRefluxPPIStepsDownToMaintenance(t *testing.T) {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	if len(rules.MaintenanceDose) == 0 {
		t.Fatal("prescribing.yaml has no maintenance_dose rule to check")
	}
	const slack = 7
	r := review5Population(t)
	keys := r.conditionKeys()
	onset := map[string]models.Date{}
	for i := range r.b.Conditions {
		onset[r.b.Conditions[i].ConditionID] = r.b.Conditions[i].OnsetDate
	}
	for _, rule := range rules.MaintenanceDose {
		low := ""
		for _, g := range datasets.Regimens(rule.Medicine) {
			if g.Step == rule.Step && g.Ladder == "" {
				low = g.DMDCode
			}
		}
		if low == "" {
			t.Fatalf("%s: no regimen at step %d", rule.Medicine, rule.Step)
		}
		long, moved := 0, 0
		for id := range r.patients {
			var first, last models.Date
			stepped := false
			for _, x := range r.issuesOf(id, rule.Medicine) {
				if x.DMDCode == low {
					if keys[x.ConditionID] != rule.Condition {
						t.Errorf("patient %s: %s issued %s for %q, not %s", id, x.Medication, x.StartDate, keys[x.ConditionID], rule.Condition)
					} else if x.StartDate-onset[x.ConditionID] < models.Date(rule.AfterDays-slack) {
						t.Errorf("patient %s: %s issued %s, %d days after %s began", id, x.Medication, x.StartDate, x.StartDate-onset[x.ConditionID], rule.Condition)
					}
				}
				if keys[x.ConditionID] != rule.Condition {
					continue
				}
				if first == 0 {
					first = x.StartDate
				}
				last, stepped = x.StartDate, stepped || x.DMDCode == low
			}
			if first != 0 && last-first >= models.Date(rule.AfterDays+365) {
				long++
				if stepped {
					moved++
				}
			}
		}
		enough(t, long, 100, rule.Medicine+" for "+rule.Condition+" issued over two years or more")
		share := float64(moved) / float64(max(long, 1))
		t.Logf("%s for %s: %d of %d people on it for two years or more moved to the maintenance dose (%.1f%%; rule %.0f%%)", rule.Medicine, rule.Condition, moved, long, 100*share, 100*rule.Share)
		if math.Abs(share-rule.Share) > 0.12 {
			t.Errorf("%s for %s: %.1f%% of people on it for two years or more moved to the maintenance dose, want %.0f%% +/- 12", rule.Medicine, rule.Condition, 100*share, 100*rule.Share)
		}
	}
}
