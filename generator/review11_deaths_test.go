// Checks for the eleventh review's deaths from an acute infection
// (docs/clinical-model.md, "Acute infections, bone care after a wrist
// fracture and onset dates (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAcuteInfectionDeathsEndAnAdmission: 57% of the deaths from pneumonia
// and sepsis happened at home with no admission (149 of 342 ended one on -n
// 20000 -s 5), at the 44% of every death. Most people dying of sepsis die in
// hospital (93%, McPherson et al. 2013), as do most dying of pneumonia
// (catalogue causes_of_death hospital_share, 0.7 approx): 273 of 342 now end
// an emergency admission. None of these deaths has end-of-life care on the
// record (a sudden cause), so none is a decision not to admit.
func TestAcuteInfectionDeathsEndAnAdmission(t *testing.T) {
	r := pathwayPopulation(t)
	died, admitted := 0, 0
	for id, pt := range r.patients {
		if pt.DeathDate == models.NoDate || pt.DeathDate < r.p.windowStart || (pt.CauseOfDeathCode != "J18.9" && pt.CauseOfDeathCode != "A41.9") {
			continue
		}
		if r.expectedDeath(id) {
			t.Errorf("%s: died of %s with end-of-life care on the record", id, pt.CauseOfDeath)
		}
		died++
		for _, e := range r.b.Encounters {
			if e.PatientID == id && e.Setting == settingInpatient && e.EndTime.Date() == pt.DeathDate {
				admitted++
				break
			}
		}
	}
	enough(t, died, 40, "deaths from pneumonia or sepsis in the record")
	t.Logf("%d of %d deaths from pneumonia or sepsis end an admission", admitted, died)
	if share := float64(admitted) / float64(died); share < 0.65 {
		t.Errorf("%d of %d (%.0f%%) deaths from pneumonia or sepsis end an admission, want most (sepsis 93%%, pneumonia 70%%)", admitted, died, 100*share)
	}
}
