// Checks for fxa: dementia diagnosed decades before the death, at 50-51.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestDementiaDiagnosisAgeFollowsTheCohort: a decedent's dementia was
// drawn the published survival before the death by the same quantile of
// each age band's survival, falling back to the youngest band's long tail,
// so a death at 89 read a diagnosis at 51, 38 years before (generate -n
// 3000 -s 31; at -n 20000 -s 83, 21 of 397 deaths with dementia came more
// than 20 years after it, 21 of 543 diagnoses before 60). The diagnosis age
// is now weighed as the cohort's new diagnoses are (diagnosisage.go):
// young-onset dementia (before 65) is 7.5% of people with dementia (Dementia
// UK) and a diagnosis before 60 rarer still, and survival after a diagnosis
// has a median of 6.7 years at 60-69 and 1.9 at 90+ (Rait et al., BMJ
// 2010): at most 3% of deaths more than 20 years after it, at most 2% of
// diagnoses before 60 (after: 8 of 409, 3 of 555).
func TestDementiaDiagnosisAgeFollowsTheCohort(t *testing.T) {
	r := review5Population(t)
	var all, young, died, long int
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "dementia" || pt == nil {
			continue
		}
		all++
		if float64(c.OnsetDate-pt.BirthDate)/365.25 < 60 {
			young++
		}
		if pt.DeathDate == models.NoDate {
			continue
		}
		died++
		if float64(pt.DeathDate-c.OnsetDate)/365.25 > 20 {
			long++
		}
	}
	t.Logf("dementia diagnoses %d, before 60 %d; deaths %d, more than 20 years after %d", all, young, died, long)
	enough(t, all, 200, "dementia diagnoses")
	enough(t, died, 150, "deaths with dementia")
	if young*50 > all {
		t.Errorf("dementia diagnosed before 60 %d of %d times: want 2%% or fewer", young, all)
	}
	if long*100 > died*3 {
		t.Errorf("%d of %d deaths with dementia more than 20 years after the diagnosis: want 3%% or fewer", long, died)
	}
}
