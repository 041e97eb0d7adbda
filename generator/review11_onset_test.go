// Checks for the eleventh review's onset dates (docs/clinical-model.md,
// "Acute infections, bone care after a wrist fracture and onset dates
// (eleventh review)").
package generator

import "testing"

// TestDiagnosisDatedByItsConsultation: a quarter of new long-term diagnoses
// were coded 1-3 days before the GP consultation that made them (3,282 of
// 12,735 on -n 20000 -s 5): the onset was drawn on any day, the
// consultation fell on the next day the practice was open with a free slot
// (a Saturday onset, a Monday visit), and the problem kept the drawn day. A
// problem coded in a consultation is dated by it. A cancer referred urgently
// is diagnosed by the clinic and dated by the GP consultation that referred
// it, never after the clinic.
func TestDiagnosisDatedByItsConsultation(t *testing.T) {
	r := pathwayPopulation(t)
	gp, clinic := 0, 0
	for _, c := range r.b.Conditions {
		e := r.encs[c.DiagnosisEncounterID]
		if !c.Chronic || e == nil {
			continue
		}
		switch day := e.StartTime.Date(); e.Setting {
		case settingGP:
			gp++
			if c.OnsetDate != day {
				t.Errorf("%s: %s coded %s, diagnosed at a GP consultation on %s", c.PatientID, c.ConditionKey, c.OnsetDate, day)
			}
		case settingOutpatient:
			clinic++
			if c.OnsetDate > day {
				t.Errorf("%s: %s coded %s, after the clinic that diagnosed it on %s", c.PatientID, c.ConditionKey, c.OnsetDate, day)
			}
		}
	}
	enough(t, gp, 1000, "long-term diagnoses made at a GP consultation")
	enough(t, clinic, 50, "long-term diagnoses made in a clinic")
}
