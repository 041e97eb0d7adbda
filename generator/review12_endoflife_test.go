// Checks for the twelfth review's anticipatory medicines (docs/clinical-model.md,
// "Asthma stepping and anticipatory medicines (twelfth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRecognisedDyingAtHomeHaveAnticipatoryMedicines: NICE NG31 1.8 and
// QS144 statement 4 ask for anticipatory medicines for people likely to
// need them in their last days. An adult on the palliative care register
// (the GP has recognised the dying and visits at home) who dies outside
// hospital three weeks or more after the register entry has them in most
// cases. Before the twelfth review the medicines' share (0.6) stood for
// "about half of deaths are outside hospital", although the place of death
// is drawn apart: 261 of 601 such people had none on generate -n 20000 -s 5
// (433 of 998 on the register). A sudden death has no register entry and is
// not counted.
func TestRecognisedDyingAtHomeHaveAnticipatoryMedicines(t *testing.T) {
	r := review5Population(t)
	anticipatory := anticipatoryKeys(r)
	register := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "palliative_care" {
			register[c.PatientID] = c.OnsetDate
		}
	}
	inHospital := map[string]bool{} // a stay covering the day of death
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if _, ok := register[e.PatientID]; !ok || e.Setting != settingInpatient {
			continue
		}
		if d := r.patients[e.PatientID].DeathDate; d != models.NoDate && e.StartTime.Date() <= d && e.EndTime.Date() >= d {
			inHospital[e.PatientID] = true
		}
	}
	people, with := 0, 0
	for id, on := range register {
		pt := r.patients[id]
		if pt.DeathDate == models.NoDate || inHospital[id] || pt.DeathDate-on < 21 || models.YearsBetween(pt.BirthDate, pt.DeathDate) < 18 {
			continue
		}
		people++
		for _, rx := range r.rxOf[id] {
			if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && anticipatory[g.Medicine] {
				with++
				break
			}
		}
	}
	enough(t, people, 100, "adults on the palliative care register dying outside hospital")
	t.Logf("%d of %d adults on the palliative care register who die outside hospital have anticipatory medicines", with, people)
	if float64(with) < 0.75*float64(people) {
		t.Errorf("%d of %d adults recognised as dying who die outside hospital have anticipatory medicines, want 75%% or more (NICE NG31, QS144)", with, people)
	}
}
