// Checks for the tenth review's unexpected deaths at home
// (docs/clinical-model.md, "Fractures, deaths at home and contacts that
// record nothing (tenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestUnexpectedDeathsAtHomeAreRecorded: an expected death outside hospital
// ends with a GP home visit verifying it (ninth review). A sudden death at
// home is verified by an ambulance crew or the police and reported to the
// coroner: from the tenth review the practice, telephoned on the day, coded
// "On examination - dead - unexpected"; the eighteenth review found that an
// examination no one at the practice made, and such a death is now on the
// record by its date and cause only. No unexpected death outside hospital
// has a death verified at a practice contact on its day (nor a contact
// after it).
func TestUnexpectedDeathsAtHomeAreRecorded(t *testing.T) {
	r := pathwayPopulation(t)
	if r.p.deathUnexpected != nil {
		t.Fatal("catalogue end_of_life.unexpected is set: an unexpected death is not examined at the practice (eighteenth review)")
	}
	verified := map[string][]models.Date{} // patient -> days of a death verified at a practice contact
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && verifiesDeath(r, e) {
			verified[e.PatientID] = append(verified[e.PatientID], e.StartTime.Date())
		}
	}
	home := 0
	for id, pt := range r.patients {
		if pt.DeathDate == models.NoDate || pt.DeathDate < r.p.windowStart || r.expectedDeath(id) || r.inSettingOn(id, pt.DeathDate, settingInpatient, settingAE) {
			continue
		}
		home++
		for _, d := range verified[id] {
			t.Errorf("%s: unexpected death on %s (%s) verified at a practice contact on %s", id, pt.DeathDate, pt.CauseOfDeath, d)
		}
	}
	enough(t, home, 40, "unexpected deaths outside hospital")
}
