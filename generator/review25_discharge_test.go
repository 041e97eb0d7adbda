// Checks for the twenty-fifth review of the hour a hospital stay ends
// (docs/clinical-model.md, "Discharged in the day (twenty-fifth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestOvernightStaysEndInTheDay: a GP read a frail man of 93 sent home
// from an admission for kidney injury at 01:58. Stays ended at their drawn
// length from admission, so discharges fell evenly over the clock (37%
// between 22:00 and 07:00). Of NHS discharges 3.5% come between 23:00 and
// 06:00 (deaths and self-discharges among them) and about 18% before
// midday: of stays that ran overnight and ended alive, at most 6% may end
// between 23:00 and 06:00, and fewer than a third before midday.
func TestOvernightStaysEndInTheDay(t *testing.T) {
	r := pathwayPopulation(t)
	death := map[string]models.Date{}
	for i := range r.b.Patients {
		if p := &r.b.Patients[i]; p.DeathDate != models.NoDate {
			death[p.PatientID] = p.DeathDate
		}
	}
	stays, night, morning := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || e.EndTime.Date() <= e.StartTime.Date() {
			continue
		}
		if d, dead := death[e.PatientID]; dead && e.EndTime.Date() >= d {
			continue // ended by death
		}
		stays++
		switch h := int(int64(e.EndTime-e.EndTime.Date().Start()) / models.MicrosPerMinute / 60); {
		case h >= 23 || h < 6:
			night++
		case h < 12:
			morning++
		}
	}
	enough(t, stays, 2000, "overnight stays ended alive")
	if night*100 > stays*6 {
		t.Errorf("%d of %d overnight stays ended between 23:00 and 06:00 (at most 6%%)", night, stays)
	}
	if (night+morning)*3 > stays {
		t.Errorf("%d of %d overnight stays ended before midday (fewer than a third)", night+morning, stays)
	}
	t.Logf("%d overnight stays: %d ended 23:00-06:00, %d before midday", stays, night, night+morning)
}
