// Checks for brief h75f: routine screening after a cancer is given best
// supportive care.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoScreeningAfterBestSupportiveCare: once the clinic decides best
// supportive care for a cancer (the referral to palliative care,
// cancer_supportive_care), the person is not screened again: no diabetic
// eye screen, mammogram, bowel kit or cervical screen, and no missed
// invitation coded. Before, 11 eye screens (7 people) and a cervical screen
// followed such a decision (generate -n 20000 -s 83).
func TestNoScreeningAfterBestSupportiveCare(t *testing.T) {
	r := review5Population(t)
	from := map[string]models.Date{}                                                // patient -> the day best supportive care was decided
	for _, key := range []string{"cancer_supportive_care", "cancer_no_treatment"} { // the latter: its code before brief h75f
		cancerDecisions(t, r, key, func(rt *datasets.SiteRoute, age int, o *models.Observation) {
			if d, seen := from[o.PatientID]; rt.Untreated == datasets.UntreatedSupportiveCare && (!seen || o.EffectiveTime.Date() < d) {
				from[o.PatientID] = o.EffectiveTime.Date()
			}
		})
	}
	screen := map[string]bool{}
	for _, k := range []string{"diabetic_eye_screening", "diabetic_eye_screening_dna", "breast_screening", "breast_screening_dna", "bowel_screening_result", "aaa_screening_dna", "cervical_smear_result", "cervical_cytology_test"} {
		screen[obsCode(t, k)] = true
	}
	screened, people := 0, map[string]bool{}
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if d, ok := from[o.PatientID]; ok && screen[o.SnomedCode] && o.EffectiveTime.Date() > d {
			screened++
			people[o.PatientID] = true
			t.Logf("%s: %s on %s after best supportive care from %s", o.PatientID, o.Description, o.EffectiveTime.Date(), d)
		}
	}
	t.Logf("%d people given best supportive care; %d screening records after it (%d people)", len(from), screened, len(people))
	enough(t, len(from), 30, "people given best supportive care")
	if screened > 0 {
		t.Errorf("%d screening records after best supportive care was decided (%d people)", screened, len(people))
	}
}
