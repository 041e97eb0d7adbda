package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestCovidVaccination: the COVID-19 programme as a GP would check it in
// the record. First doses reach each priority group's uptake
// (immunisations.yaml covid), nobody is vaccinated before the programme
// opened or before their group (or risk group) was called, second doses
// come 8-12 weeks after the first, and boosters go to the eligible.
func TestCovidVaccination(t *testing.T) {
	r := review5Population(t) // the shared 20,000 (same plan as newRealism(t, 20000))
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	c := &im.Covid
	wave := func(birth models.Date) int { // the group whose age the person has reached when it opens
		for i, w := range c.Waves {
			if models.YearsBetween(birth, w.Opens.Date()) >= w.FromAge {
				return i
			}
		}
		return -1
	}
	doses := map[string][]*models.Immunisation{}
	for i := range r.b.Immunisations {
		if im := &r.b.Immunisations[i]; im.Programme == progCovid {
			doses[im.PatientID] = append(doses[im.PatientID], im)
		}
	}
	if len(doses) == 0 {
		t.Fatal("no COVID-19 vaccination in the cohort")
	}
	start := c.ProgrammeStart.Date()
	secondLate, seconds := 0, 0
	for pid, ds := range doses {
		p := r.patients[pid]
		var first models.Date
		for _, d := range ds {
			day := d.OccurrenceTime.Date()
			age := models.YearsBetween(p.BirthDate, day)
			switch {
			case day < start:
				t.Fatalf("%s: COVID-19 dose %d on %s, before the programme opened on %s", pid, d.DoseNumber, day, start)
			case d.DoseNumber == 1:
				first = day
				w := wave(p.BirthDate)
				byAge := w >= 0 && day >= c.Waves[w].Opens.Date()
				byRisk := d.ReasonConditionID != "" && day >= c.RiskOpens.Date() && models.YearsBetween(p.BirthDate, c.RiskOpens.Date()) >= c.RiskMinAge
				if !byAge && !byRisk {
					t.Fatalf("%s: first dose on %s aged %d, before their group was called", pid, day, age)
				}
			case d.DoseNumber == 2:
				if first == 0 {
					continue // the first dose fell before the history window
				}
				gap := int(day - first)
				if gap < c.SecondDoseMinDays {
					t.Fatalf("%s: second dose %d days after the first (%s), under %d", pid, gap, first, c.SecondDoseMinDays)
				}
				if w := wave(p.BirthDate); ds[0].ReasonConditionID == "" && w >= 0 && !c.Waves[w].SecondOpens.IsZero() {
					continue // a teenager's second dose waited for the advice (TestTeenagersCovidSecondDoseAsAdvised)
				}
				seconds++
				if gap > c.SecondDoseMaxDays {
					secondLate++ // moved by a hospital stay
				}
			case d.ReasonConditionID == "":
				eligible := false
				for _, b := range c.Boosters {
					a := models.YearsBetween(p.BirthDate, b.Opens.Date())
					eligible = eligible || (day >= b.Opens.Date() && a >= b.MinAge && (b.MaxAge == 0 || a <= b.MaxAge))
				}
				if !eligible {
					t.Fatalf("%s: booster (dose %d) on %s aged %d with no campaign for their age and no risk reason", pid, d.DoseNumber, day, age)
				}
			}
		}
	}
	if seconds == 0 || float64(secondLate) > 0.02*float64(seconds) {
		t.Fatalf("%d of %d second doses more than %d days after the first", secondLate, seconds, c.SecondDoseMaxDays)
	}

	// Coverage of the first dose by priority group, among people alive
	// and in the history window through 2021. Groups of 65 and over are
	// called by age alone; younger groups also hold people called earlier
	// for a clinical risk, at the risk group's uptake or their own.
	end2021 := models.CivilDate(2021, 12, 31)
	n, got := make([]int, len(c.Waves)), make([]int, len(c.Waves))
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if (p.DeathDate != models.NoDate && p.DeathDate <= end2021) || p.BirthDate > start {
			continue
		}
		w := wave(p.BirthDate)
		if w < 0 {
			continue
		}
		n[w]++
		for _, d := range doses[p.PatientID] {
			if d.DoseNumber == 1 {
				got[w]++
			}
		}
	}
	for w, cw := range c.Waves {
		if n[w] < 150 {
			continue
		}
		pct := 100 * float64(got[w]) / float64(n[w])
		lo, hi := cw.Uptake-5, cw.Uptake+5
		if cw.FromAge < 65 {
			hi = max(cw.Uptake, c.RiskUptake) + 5
		}
		t.Logf("first dose, group from %d: %.1f%% of %d (uptake %.1f%%)", cw.FromAge, pct, n[w], cw.Uptake)
		if pct < lo || pct > hi {
			t.Errorf("first dose, group from %d: %.1f%% of %d, want %.1f%% (%.0f-%.0f)", cw.FromAge, pct, n[w], cw.Uptake, lo, hi)
		}
	}

	// The autumn 2022 booster among people 75 and over when it opened
	// (verified uptake 82.7% of 80+, 82.8% of 75-79, of everyone of the
	// age; a few die during the campaign).
	var a22 *datasets.CovidBooster
	for i := range c.Boosters {
		if c.Boosters[i].Opens.Date() == models.CivilDate(2022, 9, 5) {
			a22 = &c.Boosters[i]
		}
	}
	if a22 == nil {
		t.Fatal("no autumn 2022 campaign in immunisations.yaml")
	}
	opens, closes := a22.Opens.Date(), a22.Opens.Date()+models.Date(c.CampaignDays+30)
	old, boosted := 0, 0
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if (p.DeathDate != models.NoDate && p.DeathDate <= closes) || models.YearsBetween(p.BirthDate, opens) < 75 {
			continue
		}
		old++
		for _, d := range doses[p.PatientID] {
			if day := d.OccurrenceTime.Date(); day >= opens && day < closes && d.DoseNumber >= 3 {
				boosted++
				break
			}
		}
	}
	want := a22.Uptake[a22.BandAt(75)].Pct
	pct := 100 * float64(boosted) / float64(old)
	t.Logf("autumn 2022 booster, 75 and over: %.1f%% of %d (uptake %.1f%%)", pct, old, want)
	if old < 300 || pct < want-4 || pct > want+3 {
		t.Errorf("autumn 2022 booster, 75 and over: %.1f%% of %d, want about %.1f%%", pct, old, want)
	}
}
