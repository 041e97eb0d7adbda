// Checks for the eleventh review's onset dates (docs/clinical-model.md,
// "Acute infections, bone care after a wrist fracture and onset dates
// (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestDiagnosisDatedByItsConsultation: a quarter of new long-term diagnoses
// were coded 1-3 days before the GP consultation that made them (3,282 of
// 12,735 on -n 20000 -s 5): the onset was drawn on any day, the
// consultation fell on the next day the practice was open with a free slot
// (a Saturday onset, a Monday visit), and the problem kept the drawn day. A
// problem coded in a consultation is dated by it, or by an earlier contact
// already about it; a cancer referred urgently is dated by the GP
// consultation that referred it, before the clinic that diagnosed it.
func TestDiagnosisDatedByItsConsultation(t *testing.T) {
	r := pathwayPopulation(t)
	firstAbout := map[string]models.Date{} // the first contact about each problem-list row
	for _, e := range r.b.Encounters {
		if d, ok := firstAbout[e.ReasonConditionID]; e.ReasonConditionID != "" && (!ok || e.StartTime.Date() < d) {
			firstAbout[e.ReasonConditionID] = e.StartTime.Date()
		}
	}
	gp, clinic := 0, 0
	for _, c := range r.b.Conditions {
		e := r.encs[c.DiagnosisEncounterID]
		if !c.Chronic || e == nil {
			continue
		}
		day := e.StartTime.Date()
		if d, ok := firstAbout[c.ConditionID]; ok {
			day = min(day, d)
		}
		switch e.Setting {
		case settingGP:
			gp++
		case settingOutpatient:
			clinic++
		}
		if c.OnsetDate != day {
			t.Errorf("%s: %s coded %s, diagnosed at a contact (%s) on %s, first contact about it %s",
				c.PatientID, c.ConditionKey, c.OnsetDate, e.Setting, e.StartTime.Date(), firstAbout[c.ConditionID])
		}
	}
	enough(t, gp, 1000, "long-term diagnoses made at a GP consultation")
	enough(t, clinic, 50, "long-term diagnoses made in a clinic")
}
