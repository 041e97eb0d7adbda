// Checks for the one-year immunisation visit (twenty-fourth review,
// docs/clinical-model.md, "Babies who die, and the one-year vaccinations
// (twenty-fourth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestOneYearVaccinesShareAVisit: the Hib/MenC booster, the PCV and MenB
// boosters and MMR are given together at one appointment at one year. On
// main each was drawn on its own: 22% of children given any of them had
// some and not all, and 3% had them on different days. Every child given
// any of them before two years now has every one in force, on one day; a
// child who missed the visit may have MMR later, alone.
func TestOneYearVaccinesShareAVisit(t *testing.T) {
	r := pathwayPopulation(t)
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	var oneYear []*datasets.ScheduledDose
	for si := range im.Series {
		for di := range im.Series[si].Doses {
			if d := &im.Series[si].Doses[di]; d.AgeDays == 366 && im.Series[si].Setting == "" {
				oneYear = append(oneYear, d)
			}
		}
	}
	// The first dose of each vaccine from the first birthday: doses are
	// numbered as given (a PCV at one year after a missed infant dose is
	// the first), so the visit's doses are found by age, not number.
	given := map[string]map[string]models.Date{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		day := m.OccurrenceTime.Date()
		if m.Programme != progChildhood || day < r.patients[m.PatientID].BirthDate+365 {
			continue
		}
		if given[m.PatientID] == nil {
			given[m.PatientID] = map[string]models.Date{}
		}
		if d, ok := given[m.PatientID][m.VaccineKey]; !ok || day < d {
			given[m.PatientID][m.VaccineKey] = day
		}
	}
	var children, together int
	for id, pt := range r.patients {
		due := pt.BirthDate + 366
		if due < r.p.windowStart || pt.BirthDate+730 > r.p.Opts.Population() {
			continue
		}
		days := map[models.Date]bool{}
		var want, got int
		for _, d := range oneYear {
			if !d.InForce(pt.BirthDate, due) {
				continue
			}
			want++
			if day, ok := given[id][d.Vaccine]; ok && day < pt.BirthDate+730 {
				got++
				days[day] = true
			}
		}
		if got == 0 {
			continue
		}
		children++
		if got == want && len(days) == 1 {
			together++
		}
	}
	t.Logf("%d children given one-year vaccines before two years: %d given all of them on one day", children, together)
	if children < 100 {
		t.Fatalf("only %d children to test", children)
	}
	if float64(together) < 0.98*float64(children) {
		t.Fatalf("%d of %d children given their one-year vaccines all on one day: want all but a few", together, children)
	}
}
