// Checks for the primary-care findings of the fifth GP review
// (docs/clinical-model.md, "Fixed after the fifth review: primary care").
package generator

import (
	"testing"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestSchoolChildrenHaveTheNasalFluVaccine: a GP review found 9% of
// children aged 2-15 vaccinated against influenza, against about 55% in
// primary school (UKHSA). The last full season before the population date:
// children in reception to year 6 on 31 August have the nasal vaccine at
// about the published uptake, with no GP visit.
func TestSchoolChildrenHaveTheNasalFluVaccine(t *testing.T) {
	r := pathwayPopulation(t)
	fl := r.p.imm.flu
	y, _, _ := r.p.Opts.Population().YMD()
	season := y - 2 // a whole season inside the window
	open := models.DateFromYMD(season, time.September, 1)
	end := models.DateFromYMD(season+1, time.March, 1)
	got := map[string]bool{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		day := m.OccurrenceTime.Date()
		if m.VaccineKey != "flu_live_nasal" || day < open || day >= end {
			continue
		}
		got[m.PatientID] = true
		if p := r.patients[m.PatientID]; models.YearsBetween(p.BirthDate, open-1) >= 4 && m.EncounterID != "" {
			t.Fatalf("a school-age child's nasal influenza vaccine on %s has a GP visit", day)
		}
	}
	n, vaccinated := 0, 0
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		year := models.YearsBetween(p.BirthDate, open-1) - 4
		if year < 0 || year > datasets.LastPrimaryYear || (p.DeathDate != models.NoDate && p.DeathDate < end) {
			continue
		}
		n++
		if got[p.PatientID] {
			vaccinated++
		}
	}
	pct := 100 * float64(vaccinated) / float64(max(n, 1))
	t.Logf("season %d: %d of %d primary school children vaccinated (%.1f%%; UKHSA %.1f%%)", season, vaccinated, n, pct, fl.UptakePrimary)
	if n < 200 || pct < fl.UptakePrimary-8 || pct > fl.UptakePrimary+8 {
		t.Fatalf("%.1f%% of %d primary school children vaccinated, want about %.1f%%", pct, n, fl.UptakePrimary)
	}
}

// TestNoLiveShinglesVaccineAfterCancer: a GP review found the live shingles
// vaccine given after a cancer diagnosis (21 of 63 doses); the Green Book
// rules it out in the immunosuppressed, who have the non-live vaccine.
func TestNoLiveShinglesVaccineAfterCancer(t *testing.T) {
	r := pathwayPopulation(t)
	recombinant := 0
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		c := r.has(m.PatientID, "cancer")
		if c == nil || c.OnsetDate > m.OccurrenceTime.Date() {
			continue
		}
		switch m.VaccineKey {
		case "shingles_live":
			t.Fatalf("live shingles vaccine on %s after cancer diagnosed %s", m.OccurrenceTime.Date(), c.OnsetDate)
		case "shingles_recombinant":
			recombinant++
		}
	}
	if recombinant == 0 {
		t.Fatal("nobody with cancer had the non-live shingles vaccine: the test tests nothing")
	}
	t.Logf("%d recombinant doses after a cancer diagnosis", recombinant)
}
