// Checks for the fifth GP review's hospital-care findings (docs/clinical-model.md,
// "Fixed after the fifth review: hospital care and deaths").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// firstContacts maps each problem to the encounter that first names it as
// its reason.
func firstContacts(b *models.Batch) map[string]*models.Encounter {
	first := map[string]*models.Encounter{}
	for i := range b.Encounters {
		e := &b.Encounters[i]
		if f, ok := first[e.ReasonConditionID]; e.ReasonConditionID != "" && (!ok || e.StartTime < f.StartTime) {
			first[e.ReasonConditionID] = e
		}
	}
	return first
}

// TestClinicsAreNotFirstContacts: a GP review found 24% of acute episodes
// opening at a clinic attendance with nothing before (chest pain 63%). A
// clinic sees a new problem only after a GP (or A&E) has seen it.
func TestClinicsAreNotFirstContacts(t *testing.T) {
	r := newRealism(t, 3000)
	first := firstContacts(r.b)
	referred, atClinic := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		f, ok := first[c.ConditionID]
		if c.Chronic || !ok {
			continue
		}
		if f.Setting == settingOutpatient {
			atClinic++
			if atClinic <= 3 {
				t.Errorf("%s %s first seen in clinic on %v", c.PatientID, c.ConditionKey, f.StartTime.Date())
			}
		}
		if f.Setting == settingGP && r.encs[c.DiagnosisEncounterID] == f {
			referred++
		}
	}
	if atClinic > 0 {
		t.Errorf("%d acute problems first seen in a clinic, want none", atClinic)
	}
	if referred == 0 {
		t.Fatal("no problem first seen by the GP: the test tests nothing")
	}
}
