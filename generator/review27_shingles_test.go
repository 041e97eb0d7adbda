package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestShinglesCatchUpCohortWaitsFor78: people born before 2 September 1942
// were never in the routine shingles cohort (70 from 1 September 2013) and
// were offered the vaccine only in the catch-up cohort, at 78 or 79
// (immunisations.yaml shingles catch_up_born_before). No first dose before
// the 78th birthday for them, and some given at 78-79 (the test is not
// empty). On main, generate -n 20000 -s 5 gave 563 of 826 such first doses
// at 71-77 (a GP found 614 of 2,112 all first doses on -s 13); now 0 of 742
// on -s 5 and 0 of 760 on the test population.
func TestShinglesCatchUpCohortWaitsFor78(t *testing.T) {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	sh := im.Shingles
	cut := sh.CatchUpBornBefore.Date()
	if cut == models.NoDate || sh.CatchUpFromAge <= sh.FromAge {
		t.Fatal("immunisations.yaml: shingles catch_up_born_before and catch_up_from_age")
	}
	r := review5Population(t)
	early, catchUp := 0, 0
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		pt := r.patients[m.PatientID]
		if m.Programme != "shingles" || m.DoseNumber != 1 || pt.BirthDate >= cut {
			continue
		}
		catchUp++
		if age := models.YearsBetween(pt.BirthDate, m.OccurrenceTime.Date()); age < sh.CatchUpFromAge {
			early++
			if early <= 5 {
				t.Errorf("%s, born %s: first shingles dose %s at %d", m.PatientID, pt.BirthDate, m.OccurrenceTime.Date(), age)
			}
		}
	}
	t.Logf("%d first doses to people born before %s; %d before %d", catchUp, cut, early, sh.CatchUpFromAge)
	if catchUp-early < 50 {
		t.Fatalf("only %d catch-up first doses at %d or over", catchUp-early, sh.CatchUpFromAge)
	}
}
