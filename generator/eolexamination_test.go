package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoExaminationInLastTwoMonthsOfEndOfLifeCare: once a person is on the
// palliative care register, no GP contact in their last 60 days records a
// blood pressure, pulse or weight (catalogue end_of_life monitoring_stops
// last_days; NICE NG31: observations that no longer help comfort stop).
// Before, 1,313 of 6,002 such contacts recorded one, 1,283 of them a home
// visit's blood pressure and pulse (generate -n 20000 -s 5; hard rule
// gp-examination-in-last-60-days-on-register).
func TestNoExaminationInLastTwoMonthsOfEndOfLifeCare(t *testing.T) {
	r := pathwayPopulation(t)
	reg := r.p.Cat.EndOfLife.Register.Key
	routine := map[string]bool{r.snomed("systolic_bp"): true, r.snomed("diastolic_bp"): true, r.snomed("heart_rate"): true, r.snomed("weight"): true}
	const lastDays = 60 // NICE NG31's last weeks, as the catalogue's last_days
	contacts, examined := 0, 0
	for _, e := range r.encs {
		pt := r.patients[e.PatientID]
		if e.Setting != settingGP || pt.DeathDate == models.NoDate {
			continue
		}
		entry := r.has(e.PatientID, reg)
		d := e.StartTime.Date()
		if entry == nil || d < entry.OnsetDate || pt.DeathDate-d >= lastDays || d > pt.DeathDate {
			continue
		}
		contacts++
		for _, o := range r.obsByEnc[e.EncounterID] {
			if routine[o.SnomedCode] {
				examined++
				t.Logf("patient %s: %s on %s, %d days before death", e.PatientID, o.Description, d, pt.DeathDate-d)
				break
			}
		}
	}
	enough(t, contacts, 200, "GP contacts in the last 60 days of register deaths")
	if examined > 0 {
		t.Errorf("%d of %d GP contacts in the last %d days of register deaths recorded a blood pressure, pulse or weight, want none", examined, contacts, lastDays)
	}
}
