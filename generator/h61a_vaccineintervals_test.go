package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestChildhoodDosesKeepTheirIntervalAndAgeLimits: a GP read a two-year-old
// whose 12- and 16-week 6-in-1 doses were given on consecutive days after an
// illness postponed both (h61a). Two doses of one childhood vaccine are at
// least immunisations.yaml min_interval apart (a dose's own
// min_interval_days where it sets one: MenB's eight weeks), across series
// too (MMR1, then MMR2 at the pre-school visit); and a vaccine whose every
// scheduled dose has an upper age (rotavirus) is not given after it. Before,
// at -n 20000 -s 83: 314 of 23,119 pairs under four weeks, 29 MenB pairs
// under eight, one first rotavirus dose at 107 days.
func TestChildhoodDosesKeepTheirIntervalAndAgeLimits(t *testing.T) {
	r := pathwayPopulation(t)
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	type doseKey struct {
		vaccine string
		dose    int64
	}
	gap := map[doseKey]int{}       // a dose's own least interval, where it sets one
	maxAge := map[doseKey]int{}    // the upper age of each dose of a vaccine that has one for every dose
	unlimited := map[string]bool{} // vaccines with a scheduled dose of no upper age
	for _, s := range im.Series {
		for _, d := range s.Doses {
			k := doseKey{d.Vaccine, int64(d.Dose)}
			if d.MinIntervalDays > 0 {
				gap[k] = d.MinIntervalDays
			}
			if d.MaxAgeDays == 0 {
				unlimited[d.Vaccine] = true
			} else {
				maxAge[k] = max(maxAge[k], d.MaxAgeDays)
			}
		}
	}
	type given struct {
		day  models.Date
		dose int64
	}
	doses := map[[2]string][]given{} // by patient and vaccine
	var pairs, close, tooOld, limited int
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.Programme != progChildhood {
			continue
		}
		d := m.OccurrenceTime.Date()
		k := [2]string{m.PatientID, m.VaccineKey}
		doses[k] = append(doses[k], given{d, m.DoseNumber})
		if !unlimited[m.VaccineKey] {
			limited++
			if lim, ok := maxAge[doseKey{m.VaccineKey, m.DoseNumber}]; ok && int(d-r.patients[m.PatientID].BirthDate) > lim {
				tooOld++
				if tooOld <= 3 {
					t.Errorf("patient %d: %s dose %d at %d days old, after its upper age of %d", r.patients[m.PatientID].PatientIndex, m.VaccineKey, m.DoseNumber, d-r.patients[m.PatientID].BirthDate, lim)
				}
			}
		}
	}
	for k, gs := range doses {
		slices.SortFunc(gs, func(a, b given) int { return int(a.day - b.day) })
		vaccine := k[1]
		for i := 1; i < len(gs); i++ {
			pairs++
			least := im.MinInterval.Days
			if g, ok := gap[doseKey{vaccine, gs[i].dose}]; ok {
				least = g
			}
			if int(gs[i].day-gs[i-1].day) < least {
				close++
				if close <= 3 {
					t.Errorf("patient %d: %s dose %d on %s, %d days after dose %d on %s (at least %d)", r.patients[k[0]].PatientIndex, vaccine, gs[i].dose, gs[i].day, gs[i].day-gs[i-1].day, gs[i-1].dose, gs[i-1].day, least)
				}
			}
		}
	}
	// The doses due together are still given together: spacing each dose
	// from the day its visit is held must not split the visit (the first
	// 6-in-1 / 5-in-1 dose and the first MenB dose, both due at 8 weeks).
	var together, apart int
	for k, gs := range doses {
		if k[1] != "menb" || gs[0].dose != 1 {
			continue
		}
		for _, six := range []string{"dtap_ipv_hib_hepb", "dtap_ipv_hib"} {
			if o := doses[[2]string{k[0], six}]; len(o) > 0 && o[0].dose == 1 {
				together++
				if o[0].day != gs[0].day {
					apart++
				}
			}
		}
	}
	t.Logf("%d children with a first 6-in-1 and a first MenB dose: %d given on different days", together, apart)
	if together < 100 || apart*100 > together*3 {
		t.Errorf("%d of %d first 6-in-1 and MenB doses on different days: want at most 3%% (catch-ups)", apart, together)
	}
	t.Logf("%d pairs of doses of one childhood vaccine: %d closer than their least interval; %d doses of a vaccine with an upper age: %d after it", pairs, close, limited, tooOld)
	if pairs < 1000 || limited < 100 {
		t.Fatalf("only %d pairs and %d age-limited doses to test", pairs, limited)
	}
	if close > 0 || tooOld > 0 {
		t.Fatalf("%d of %d pairs closer than their interval; %d of %d doses after their upper age", close, pairs, tooOld, limited)
	}
}
