package generator

import (
	"testing"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRheumatoidArthritisIsAFluRiskGroup: people under 65 on methotrexate
// for rheumatoid arthritis had 2-11% influenza vaccine uptake a season,
// against 40-47% for the other clinical risk groups (twenty-sixth review,
// generate -n 20000 -s 9); the Green Book counts immunosuppression by
// treatment as a risk group. Their uptake over the seasons they are
// eligible for (18-64 on 1 September, diagnosed before it, alive to the
// end of March) is within 15 points of the risk group's published figure.
func TestRheumatoidArthritisIsAFluRiskGroup(t *testing.T) {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	r := review5Population(t)
	end := r.p.Opts.Population()
	vaccinated := map[string]map[int]bool{} // patient → seasons (year of 1 September) with a flu dose
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.Programme != "influenza" {
			continue
		}
		tm := m.OccurrenceTime.Date().Time()
		y := tm.Year()
		if tm.Month() < time.September {
			y--
		}
		if vaccinated[m.PatientID] == nil {
			vaccinated[m.PatientID] = map[int]bool{}
		}
		vaccinated[m.PatientID][y] = true
	}
	seasons, had := 0, 0
	for id, conds := range r.condsOf {
		p := r.patients[id]
		for _, c := range conds {
			if c.ConditionKey != "rheumatoid_arthritis" {
				continue
			}
			for y := 2000; y < 2100; y++ {
				opens := models.DateOf(time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC))
				closes := models.DateOf(time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC))
				if opens <= c.OnsetDate || closes > end || closes < p.BirthDate {
					continue
				}
				if a := ageOnDay(p, opens); a < 18 || a >= 65 || p.DeathDate != models.NoDate && p.DeathDate <= closes {
					continue
				}
				seasons++
				if vaccinated[id][y] {
					had++
				}
			}
		}
	}
	enough(t, seasons, 150, "seasons of people under 65 with rheumatoid arthritis")
	pct := 100 * float64(had) / float64(seasons)
	want := im.Influenza.UptakeRiskUnder65
	t.Logf("influenza vaccine in %d of %d seasons (%.1f%%; risk groups under 65: %.1f%%)", had, seasons, pct, want)
	if pct < want-15 || pct > want+15 {
		t.Errorf("influenza vaccine in %.1f%% of %d seasons of people under 65 with rheumatoid arthritis, want %.1f ± 15 (the clinical risk groups' uptake)", pct, seasons, want)
	}
}
