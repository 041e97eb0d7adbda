package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestInfantRecordsHangTogether: a GP review found eczema in the first month
// of life and a death from "preterm" (P07.3) at 36 days with no hospital
// contact. Eczema begins from about two months; a complication of
// prematurity is certified only for a neonatal death, in the neonatal unit
// from birth.
func TestInfantRecordsHangTogether(t *testing.T) {
	r := review5Population(t)
	eczema := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "eczema" {
			continue
		}
		eczema++
		if age := c.OnsetDate - r.patients[c.PatientID].BirthDate; age < 56 {
			t.Errorf("%s: eczema at %d days old", c.PatientID, age)
		}
	}
	if eczema == 0 {
		t.Fatal("no eczema at all: the test tests nothing")
	}
	stays := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient {
			stays[e.PatientID] = append(stays[e.PatientID], e)
		}
	}
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if p.CauseOfDeathCode != "P07.3" {
			continue
		}
		if age := p.DeathDate - p.BirthDate; age >= 28 {
			t.Errorf("%s: died of a complication of prematurity at %d days old", p.PatientID, age)
			continue
		}
		inUnit := false
		for _, e := range stays[p.PatientID] {
			inUnit = inUnit || e.StartTime.Date() == p.BirthDate && e.EndTime.Date() == p.DeathDate
		}
		if !inUnit {
			t.Errorf("%s: a neonatal death with no stay from birth", p.PatientID)
		}
	}
}

// TestNoEpisodesBeforeTheChildCanHaveThem: a GP read an ankle sprain at 3
// weeks old (11 under a year, 5 under 6 months), falls in newborns and "pain
// in joint" in babies. An acute episode waits for its min_age_days and a
// presentation for its min_age (catalogue).
func TestNoEpisodesBeforeTheChildCanHaveThem(t *testing.T) {
	r := review5Population(t)
	minDays, minYears := map[string]models.Date{}, map[string]int{}
	for _, a := range r.p.Cat.Acute {
		minDays[a.Key] = models.Date(a.MinAgeDays)
	}
	for _, pr := range r.p.Cat.Presentations {
		minDays[pr.Key] = max(minDays[pr.Key], models.Date(pr.MinAgeDays))
		minYears[pr.Key] = pr.MinAge
	}
	if minDays["ankle_sprain"] < 365 || minYears["joint_pain"] < 1 {
		t.Fatalf("ankle sprain from day %d and joint pain from %d years; want both from a year at least", minDays["ankle_sprain"], minYears["joint_pain"])
	}
	checked := 0
	for _, c := range r.b.Conditions {
		days, years := minDays[c.ConditionKey], minYears[c.ConditionKey]
		if days == 0 && years == 0 {
			continue
		}
		checked++
		birth := r.patients[c.PatientID].BirthDate
		if c.OnsetDate-birth < days || models.YearsBetween(birth, c.OnsetDate) < years {
			t.Errorf("%s at %d days old (from %d days, %d years)", c.Description, c.OnsetDate-birth, days, years)
		}
	}
	if checked < 1000 {
		t.Errorf("only %d episodes with an age limit", checked)
	}
}
