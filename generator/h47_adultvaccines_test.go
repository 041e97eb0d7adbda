package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRSVAndShinglesGoToTheEligibleAges: the older adults' RSV vaccine
// (from 1 September 2024) is one dose, given only to people of 75-79 (80 in
// the first year), never before the programme; and the catch-up cohort (75-79
// on 1 September 2024) alive on the as-of date has about the share UKHSA
// measured by then (immunisations.yaml rsv uptake: 60.3% at end-March 2025;
// tolerance 10 points, the published figure's spread by region being wider).
// A first shingles dose comes at the person's own routine age or later
// (shingles stages: 65 for people born from 1 September 1958), and some
// people of 65-69 have it. On main: 0 RSV doses, and no shingles dose
// under 70 (0 of 78 eligible 65-year-olds, generate -n 20000 -s 23).
func TestRSVAndShinglesGoToTheEligibleAges(t *testing.T) {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	rsv, sh := im.RSV, im.Shingles
	start := rsv.ProgrammeStart.Date()
	r := review5Population(t)
	asOf := r.p.Opts.AsOf
	vaccinated := map[string]bool{}
	young := 0 // first shingles doses under 70
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		pt := r.patients[m.PatientID]
		day := m.OccurrenceTime.Date()
		age := models.YearsBetween(pt.BirthDate, day)
		switch m.Programme {
		case progRSV:
			if vaccinated[m.PatientID] || m.DoseNumber != 1 {
				t.Errorf("%s: a second RSV dose (dose %d) on %s", m.PatientID, m.DoseNumber, day)
			}
			vaccinated[m.PatientID] = true
			firstYear := age == rsv.UntilAge && day <= rsv.FirstYearUntil.Date()
			if day < start || age < rsv.FromAge || age >= rsv.UntilAge && !firstYear {
				t.Errorf("%s, born %s: RSV vaccine on %s at %d", m.PatientID, pt.BirthDate, day, age)
			}
		case progShingles:
			if m.DoseNumber != 1 {
				continue
			}
			if from := sh.FromAgeFor(pt.BirthDate); age < from {
				t.Errorf("%s, born %s: first shingles dose on %s at %d, offered from %d", m.PatientID, pt.BirthDate, day, age, from)
			}
			if age < sh.FromAge {
				young++
			}
		}
	}
	cohort, had := 0, 0
	for i := range r.b.Patients {
		pt := &r.b.Patients[i]
		if a := models.YearsBetween(pt.BirthDate, start); a < rsv.FromAge || a >= rsv.UntilAge || pt.DeathDate != models.NoDate && pt.DeathDate <= asOf {
			continue
		}
		cohort++
		if vaccinated[pt.PatientID] {
			had++
		}
	}
	days := int(asOf - start)
	want := 0.0
	for k := 1; k < len(rsv.Uptake); k++ { // the published share on the as-of date
		if a, b := rsv.Uptake[k-1], rsv.Uptake[k]; float64(days) <= b[0] && float64(days) >= a[0] {
			want = a[1] + (float64(days)-a[0])/(b[0]-a[0])*(b[1]-a[1])
		}
	}
	got := 100 * float64(had) / float64(max(cohort, 1))
	t.Logf("RSV: %d of %d in the catch-up cohort (%.1f%%, published %.1f%% on %s); %d first shingles doses under %d", had, cohort, got, want, asOf, young, sh.FromAge)
	if cohort < 200 || got < want-10 || got > want+10 {
		t.Errorf("RSV catch-up cohort: %.1f%% of %d vaccinated by %s, published %.1f%%", got, cohort, asOf, want)
	}
	if young < 20 {
		t.Errorf("only %d first shingles doses under %d: the 65 stage is not offered", young, sh.FromAge)
	}
}
