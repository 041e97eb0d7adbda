// Checks for the fourteenth review, cancer pathways
// (docs/clinical-model.md, "Cancer pathways and children's planned care (fourteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNothingAboutACancerBeforeItsClinic: a GP found cancers coded at a
// GP home visit, an admission or a prescription days before the clinic
// that diagnosed them (32 of 208, generate -n 5000 -s 43): the admissions
// were drawn before the clinic was booked, and end-of-life care began at
// the GP's urgent referral. NICE NG12: the GP refers the suspected cancer,
// the clinic diagnoses it. No encounter, prescription or problem-list date
// about a cancer the clinic diagnosed may come before that clinic's day.
func TestNothingAboutACancerBeforeItsClinic(t *testing.T) {
	r := pathwayPopulation(t)
	clinic := map[string]models.Date{} // cancer condition id -> its diagnosing clinic's day
	for id := range r.patients {
		for _, c := range r.condsOf[id] {
			if dx := r.encs[c.DiagnosisEncounterID]; c.ConditionKey == "cancer" && dx != nil && dx.Setting == "outpatient" {
				clinic[c.ConditionID] = dx.StartTime.Date()
				if c.OnsetDate < dx.StartTime.Date() {
					t.Errorf("%s: %s dated %s, before the clinic that diagnosed it %s", id, c.Description, c.OnsetDate, dx.StartTime.Date())
				}
			}
		}
	}
	enough(t, len(clinic), 100, "cancers diagnosed in clinic")
	early := map[string]bool{}
	for _, e := range r.encs {
		if day, ok := clinic[e.ReasonConditionID]; ok && e.StartTime.Date() < day {
			early[e.ReasonConditionID] = true
			t.Errorf("%s: %s %s about a cancer on %s, before its diagnosing clinic", e.PatientID, e.Setting, e.TypeDisplay, e.StartTime.Date())
		}
	}
	for _, rxs := range r.rxOf {
		for _, x := range rxs {
			if day, ok := clinic[x.ConditionID]; ok && x.StartDate < day {
				early[x.ConditionID] = true
				t.Errorf("%s: %s for a cancer on %s, before its diagnosing clinic", x.PatientID, x.Medication, x.StartDate)
			}
		}
	}
	t.Logf("%d cancers diagnosed in clinic, %d with a contact or prescription about them before it", len(clinic), len(early))
}
