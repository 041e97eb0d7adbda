// Checks for brief h59g (issue 9): a headache first presenting at 50 or
// over had no work-up for giant cell arteritis (0 of 2,008 headache
// episodes and 0 of 35 migraines first diagnosed at 50 or over had a CRP or
// ESR within 14 days, generate -n 20000 -s 83).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNewHeadacheFromFiftyHasACRP: 9 in 10 or more headache episodes and
// migraines diagnosed at 50 or over in the record have a CRP from a week
// before to 14 days after the onset (NICE CKS: a new headache over 50 is a
// red flag, giant cell arteritis is looked for with an ESR or CRP).
func TestNewHeadacheFromFiftyHasACRP(t *testing.T) {
	r := review5Population(t)
	crp := obsCode(t, "crp")
	var end models.Date
	for i := range r.b.Encounters {
		end = max(end, r.b.Encounters[i].StartTime.Date())
	}
	for _, key := range []string{"headache", "migraine", "migraine_with_aura"} {
		rows, tested := 0, 0
		for i := range r.b.Conditions {
			c := &r.b.Conditions[i]
			pt := r.patients[c.PatientID]
			if c.ConditionKey != key || r.encs[c.DiagnosisEncounterID] == nil || pt == nil || ageOnDay(pt, c.OnsetDate) < 50 || c.OnsetDate+14 > end {
				continue
			}
			rows++
			for _, o := range r.obsOf[c.PatientID] {
				if d := o.EffectiveTime.Date(); o.SnomedCode == crp && d >= c.OnsetDate-7 && d <= c.OnsetDate+14 {
					tested++
					break
				}
			}
		}
		t.Logf("%s at 50 or over: %d diagnosed in the record, %d with a CRP within 14 days", key, rows, tested)
		if key == "headache" {
			enough(t, rows, 200, "headache episodes at 50 or over")
		}
		if tested*10 < rows*9 {
			t.Errorf("%s at 50 or over: %d of %d have a CRP from a week before to 14 days after the onset, want 9 in 10", key, tested, rows)
		}
	}
}
