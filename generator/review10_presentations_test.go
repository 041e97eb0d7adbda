// Checks for the tenth GP review, how often people present with each acute
// problem (docs/clinical-model.md, "Acute presentations at published rates
// (tenth review)").
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAcutePresentationsAtPublishedRates: a GP read abdominal pain in 70%
// of people over ten years (527 new episodes per 1,000 person-years at the
// GP against a published 22), anxiety at 404 against 11 (ages 16+). Each verified catalogue
// presentation_rates figure must hold: new episodes first recorded at a GP
// consultation, per 1,000 person-years in the history window at the
// figure's ages, within its tolerance plus 3 standard errors.
func TestAcutePresentationsAtPublishedRates(t *testing.T) {
	r := pathwayPopulation(t)
	from, to := r.p.windowStart, r.p.Opts.Population()
	span := func(p *models.Patient) (models.Date, models.Date) {
		a, b := max(from, p.BirthDate), to
		if p.DeathDate != models.NoDate {
			b = min(b, p.DeathDate)
		}
		return a, b
	}
	checked := 0
	for _, rate := range r.p.Cat.PresentationRates {
		if rate.Status != "verified" {
			continue
		}
		inAges := func(p *models.Patient, d models.Date) bool {
			age := models.YearsBetween(p.BirthDate, d)
			return age >= rate.MinAge && age <= rate.MaxAge
		}
		years := 0.0
		for _, p := range r.patients {
			a, b := span(p)
			for d := a; d <= b; d += 365 { // a year at a time, at its middle age
				end := min(d+364, b)
				if inAges(p, d+(end-d)/2) {
					years += float64(end-d+1) / 365.25
				}
			}
		}
		n := 0
		for i := range r.b.Conditions {
			c := &r.b.Conditions[i]
			p := r.patients[c.PatientID]
			if c.ConditionKey != rate.Key || c.Chronic || p == nil {
				continue
			}
			if e := r.encs[c.DiagnosisEncounterID]; e == nil || e.Setting != settingGP {
				continue // first seen in A&E or hospital
			}
			if a, b := span(p); c.OnsetDate >= a && c.OnsetDate <= b && inAges(p, c.OnsetDate) {
				n++
			}
		}
		if years <= 0 {
			t.Fatalf("%s: no person-years at ages %d-%d", rate.Key, rate.MinAge, rate.MaxAge)
		}
		got := 1000 * float64(n) / years
		se := 1000 * math.Sqrt(float64(n)) / years
		if math.Abs(got-rate.Per1000) > rate.Tolerance*rate.Per1000+3*se {
			t.Errorf("%s, ages %d-%d: %.1f episodes per 1,000 person-years (%d in %.0f), published %.1f (tolerance %.0f%%): %s",
				rate.Key, rate.MinAge, rate.MaxAge, got, n, years, rate.Per1000, 100*rate.Tolerance, rate.Source)
		}
		checked++
	}
	if checked < 4 {
		t.Fatalf("only %d verified presentation rates in the catalogue", checked)
	}
}

// TestGPContactsMostlySeeKnownProblems: over ten years a GP read coded
// abdominal pain in 70% of people and a passing anxiety disorder in 55%, as
// two in three GP appointments opened a new acute problem (3.9 a
// person-year). Most contacts are about a problem already on the record
// (catalogue activity.gp_new_problem): at most a third of GP appointments
// open a new acute problem, and abdominal pain and anxiety are recorded in
// far fewer people (17.6% and 8.5% over ten years on generate -n 20000
// -s 5, h10b; bounds 25% and 15%).
func TestGPContactsMostlySeeKnownProblems(t *testing.T) {
	r := pathwayPopulation(t)
	from := r.p.windowStart
	gp, opened := 0, 0
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && e.StartTime.Date() >= from {
			gp++
		}
	}
	people := map[string]map[string]bool{}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		e := r.encs[c.DiagnosisEncounterID]
		if c.Chronic || c.OnsetDate < from || e == nil || e.Setting != settingGP {
			continue
		}
		opened++
		if people[c.ConditionKey] == nil {
			people[c.ConditionKey] = map[string]bool{}
		}
		people[c.ConditionKey][c.PatientID] = true
	}
	enough(t, gp, 10000, "GP appointments in the window")
	t.Logf("%d of %d GP appointments open a new acute problem; abdominal pain in %d, anxiety in %d of %d people",
		opened, gp, len(people["abdominal_pain"]), len(people["anxiety"]), len(r.patients))
	if opened*3 > gp {
		t.Errorf("%d of %d GP appointments (%.0f%%) open a new acute problem, want at most a third", opened, gp, 100*float64(opened)/float64(gp))
	}
	for key, most := range map[string]float64{"abdominal_pain": 0.25, "anxiety": 0.15} {
		if share := float64(len(people[key])) / float64(len(r.patients)); share > most {
			t.Errorf("%s first recorded at the GP in %.0f%% of people over the window, want at most %.0f%%", key, 100*share, 100*most)
		}
	}
}

// TestGPContactKeepsItsProblemOpen: a GP contact about a problem already on
// the record keeps it open to that day: a GP visit is never about an acute
// problem written as resolved before it (before, a follow-up within 28 days
// of a 7-day abdominal pain was about a problem resolved weeks earlier).
func TestGPContactKeepsItsProblemOpen(t *testing.T) {
	r := pathwayPopulation(t)
	conds := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		conds[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	fe := &firstErrors{t: t}
	known := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := conds[e.ReasonConditionID]
		if e.Setting != settingGP || c == nil || c.Chronic || c.DiagnosisEncounterID == e.EncounterID {
			continue
		}
		known++
		if d := e.StartTime.Date(); c.ResolvedDate != models.NoDate && c.ResolvedDate < d {
			fe.errorf("%s: GP visit on %s about %s (%s), resolved on %s", e.PatientID, d, c.ConditionKey, c.ConditionID, c.ResolvedDate)
		}
	}
	fe.done()
	enough(t, known, 1000, "GP contacts about an acute problem already on the record")
}
