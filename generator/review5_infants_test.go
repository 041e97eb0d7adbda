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
