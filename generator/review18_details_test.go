// Checks for the eighteenth review's implausible details a GP found reading
// whole histories (docs/clinical-model.md, "Implausible details in whole
// histories (eighteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestHbA1cNotRepeatedWithinItsInterval: HbA1c reflects about three months
// of glucose (minimum retest interval 60 days; NICE NG28 1.6.1: 3-6
// monthly). Before, 2,293 of 32,768 readings (-n 20000 -s 5) were under 60
// days after the one before, outside the pair that diagnoses diabetes; now
// none is.
func TestHbA1cNotRepeatedWithinItsInterval(t *testing.T) {
	r := review5Population(t)
	hba1c := r.snomed("hba1c")
	diagnoses := func(id string, d models.Date) bool {
		for _, c := range r.condsOf[id] {
			switch c.ConditionKey {
			case "type1_diabetes", "type2_diabetes", "non_diabetic_hyperglycaemia":
				if c.OnsetDate == d {
					return true
				}
			}
		}
		return false
	}
	n, soon := 0, 0
	for id := range r.patients {
		rs := r.values(id, hba1c)
		for i := range rs {
			n++
			d := rs[i].EffectiveTime.Date()
			if i == 0 || d-rs[i-1].EffectiveTime.Date() >= 60 || diagnoses(id, d) {
				continue
			}
			if i+1 < len(rs) && rs[i+1].EffectiveTime.Date()-d < 60 && diagnoses(id, rs[i+1].EffectiveTime.Date()) {
				continue // the first reading the diagnosis confirms
			}
			soon++
			if soon <= 5 {
				t.Logf("%s: HbA1c on %s, %d days after the one on %s", id, d, d-rs[i-1].EffectiveTime.Date(), rs[i-1].EffectiveTime.Date())
			}
		}
	}
	enough(t, n, 10000, "HbA1c readings")
	if soon > 0 {
		t.Errorf("%d of %d HbA1c readings are under 60 days after the one before, outside a diagnosis (want none)", soon, n)
	}
}
