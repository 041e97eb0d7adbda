// Checks for the tenth review's unexpected deaths at home
// (docs/clinical-model.md, "Fractures, deaths at home and contacts that
// record nothing (tenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestUnexpectedDeathsAtHomeAreRecorded: an expected death outside hospital
// ends with a GP home visit verifying it (ninth review), but a sudden death
// at home left nothing on its day (442 of 1,807 deaths on -n 20000 -s 5).
// It is verified by an ambulance crew or the police and reported to the
// coroner; the practice, telephoned on the day, codes "On examination -
// dead - unexpected" (catalogue end_of_life.unexpected). A death in hospital
// or in the emergency department, or an expected one, has none.
func TestUnexpectedDeathsAtHomeAreRecorded(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.p.deathUnexpected
	if code == nil {
		t.Fatal("no unexpected death observation (catalogue end_of_life.unexpected)")
	}
	recorded := map[string][]*models.Observation{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == code.Snomed {
			recorded[o.PatientID] = append(recorded[o.PatientID], o)
		}
	}
	phone := r.p.encTypes[encGPTelephone].Code
	home := 0
	for id, pt := range r.patients {
		obs := recorded[id]
		if pt.DeathDate == models.NoDate || r.expectedDeath(id) {
			if len(obs) > 0 {
				t.Errorf("%s: an unexpected death recorded with no death or an expected one (died %s)", id, pt.DeathDate)
			}
			continue
		}
		if r.inSettingOn(id, pt.DeathDate, settingInpatient, settingAE) {
			if len(obs) > 0 {
				t.Errorf("%s: died in hospital on %s, recorded as an unexpected death at home", id, pt.DeathDate)
			}
			continue
		}
		home++
		if len(obs) != 1 {
			t.Errorf("%s: unexpected death outside hospital on %s (%s) with %d records of it", id, pt.DeathDate, pt.CauseOfDeath, len(obs))
			continue
		}
		e := r.encs[obs[0].EncounterID]
		if obs[0].EffectiveTime.Date() != pt.DeathDate || e == nil || e.Setting != settingGP || e.TypeCode != phone {
			t.Errorf("%s: died %s, unexpected death recorded %s at %+v", id, pt.DeathDate, obs[0].EffectiveTime.Date(), e)
		}
	}
	enough(t, home, 40, "unexpected deaths outside hospital")
}
