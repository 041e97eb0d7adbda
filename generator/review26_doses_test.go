// Checks for childhood doses numbered as given and boosters after the
// primary course (twenty-sixth review, docs/clinical-model.md, "Boosters
// after the primary course, doses numbered as given (twenty-sixth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestChildDosesNumberedAsGiven: a child's doses of each vaccine are
// numbered 1..k in date order, with no gap or repeat, and a booster (a dose
// of a series given after the primary course, immunisations.yaml after)
// follows the course's first dose. On main each dose carried its number in
// the schedule and the one-year visit was drawn apart from the primary
// course: a child who declined the 6-in-1 had the Hib/MenC, PCV and MenB
// boosters at one year, the MenB coded as dose 3. Children born from the
// schedule's start, whose every dose the record holds.
func TestChildDosesNumberedAsGiven(t *testing.T) {
	r := pathwayPopulation(t)
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	// The vaccines of each series given after a course, and that course's
	// first vaccines (a vaccine caught up alone, MMR, needs no course).
	boosterOf := map[string][]string{}
	courseVaccines := func(key string) (out []string) {
		for _, s := range im.Series {
			if s.Key == key {
				for _, d := range s.Doses {
					if d.Dose == 1 && !slices.Contains(out, d.Vaccine) {
						out = append(out, d.Vaccine)
					}
				}
			}
		}
		return out
	}
	for _, s := range im.Series {
		after := s.After
		for _, o := range im.Series {
			if o.Key == s.With && o.After != "" && !s.CaughtUpAlone {
				after = o.After
			}
		}
		if after == "" {
			continue
		}
		for _, d := range s.Doses {
			boosterOf[d.Vaccine] = courseVaccines(after)
		}
	}
	type dose struct {
		n   int64
		day models.Date
	}
	doses := map[string]map[string][]dose{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.Programme != progChildhood || r.patients[m.PatientID].BirthDate < im.ScheduleStart.Date() {
			continue
		}
		if doses[m.PatientID] == nil {
			doses[m.PatientID] = map[string][]dose{}
		}
		doses[m.PatientID][m.VaccineKey] = append(doses[m.PatientID][m.VaccineKey], dose{m.DoseNumber, m.OccurrenceTime.Date()})
	}
	var children, misnumbered, boosters, unprimed int
	for id, vs := range doses {
		children++
		bad := false
		for key, ds := range vs {
			slices.SortStableFunc(ds, func(a, b dose) int { return int(a.day - b.day) })
			for k, d := range ds {
				bad = bad || d.n != int64(k+1)
			}
			course, ok := boosterOf[key]
			if !ok || (key == "mmr" && len(ds) < 2) { // MMR1 may be caught up alone
				continue
			}
			// The booster: the first dose from the first birthday (the
			// infant doses of PCV and MenB are a course of their own).
			k := slices.IndexFunc(ds, func(d dose) bool { return d.day >= r.patients[id].BirthDate+365 })
			if k < 0 {
				continue
			}
			boosters++
			booster := ds[k].day
			primed := false
			for _, c := range course {
				for _, d := range vs[c] {
					primed = primed || d.day <= booster
				}
			}
			if !primed {
				unprimed++
				if unprimed <= 3 {
					t.Logf("patient %s born %s: %s on %s with no %v before it", id, r.patients[id].BirthDate, key, booster, course)
				}
			}
		}
		if bad {
			misnumbered++
			if misnumbered <= 3 {
				t.Logf("patient %s born %s: doses %v", id, r.patients[id].BirthDate, vs)
			}
		}
	}
	t.Logf("%d children born from %s: %d with a vaccine not numbered 1..k in date order; %d boosters, %d with no primary course before them",
		children, im.ScheduleStart.Date(), misnumbered, boosters, unprimed)
	if children < 500 || boosters < 500 {
		t.Fatalf("only %d children, %d boosters to test", children, boosters)
	}
	if misnumbered > 0 || unprimed > 0 {
		t.Fatalf("%d children with doses not numbered as given, %d boosters with no primary course before them: want none", misnumbered, unprimed)
	}
}
