package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// eolLastDays is NICE NG31's last weeks, as the catalogue's last_days.
const eolLastDays = 60

// lastDaysRecords counts the GP contacts on or after the palliative care
// register entry in the last eolLastDays of a register death, and those of
// them that record an observation of one of the codes (each logged).
func lastDaysRecords(t *testing.T, r *realism, codes map[string]bool) (contacts, recorded int) {
	reg := r.p.Cat.EndOfLife.Register.Key
	for _, e := range r.encs {
		pt := r.patients[e.PatientID]
		if e.Setting != settingGP || pt.DeathDate == models.NoDate {
			continue
		}
		entry := r.has(e.PatientID, reg)
		d := e.StartTime.Date()
		if entry == nil || d < entry.OnsetDate || pt.DeathDate-d >= eolLastDays || d > pt.DeathDate {
			continue
		}
		contacts++
		for _, o := range r.obsByEnc[e.EncounterID] {
			if codes[o.SnomedCode] {
				recorded++
				t.Logf("patient %s: %s on %s, %d days before death", e.PatientID, o.Description, d, pt.DeathDate-d)
				break
			}
		}
	}
	return contacts, recorded
}

// TestNoExaminationInLastTwoMonthsOfEndOfLifeCare: once a person is on the
// palliative care register, no GP contact in their last 60 days records a
// blood pressure, pulse or weight (catalogue end_of_life monitoring_stops
// last_days; NICE NG31: observations that no longer help comfort stop).
// Before, 1,313 of 6,002 such contacts recorded one, 1,283 of them a home
// visit's blood pressure and pulse (generate -n 20000 -s 5; hard rule
// gp-examination-in-last-60-days-on-register).
func TestNoExaminationInLastTwoMonthsOfEndOfLifeCare(t *testing.T) {
	r := pathwayPopulation(t)
	routine := map[string]bool{r.snomed("systolic_bp"): true, r.snomed("diastolic_bp"): true, r.snomed("heart_rate"): true, r.snomed("weight"): true}
	contacts, examined := lastDaysRecords(t, r, routine)
	enough(t, contacts, 200, "GP contacts in the last 60 days of register deaths")
	if examined > 0 {
		t.Errorf("%d of %d GP contacts in the last %d days of register deaths recorded a blood pressure, pulse or weight, want none", examined, contacts, eolLastDays)
	}
}

// TestNoFrailtyCodedInLastTwoMonthsOfEndOfLifeCare: nor the year's eFI
// category (mild, moderate or severe frailty): it changes nothing of
// comfort care (NICE NG31). Before, 91 of 843 register deaths had one coded
// at a GP contact on the register in their last 60 days (generate -n 20000
// -s 5; hard rule frailty-coded-in-last-60-days-on-register).
func TestNoFrailtyCodedInLastTwoMonthsOfEndOfLifeCare(t *testing.T) {
	r := pathwayPopulation(t)
	efi := map[string]bool{}
	for _, c := range r.p.frailty.cats {
		efi[c.Snomed] = true
	}
	contacts, coded := lastDaysRecords(t, r, efi)
	enough(t, contacts, 200, "GP contacts in the last 60 days of register deaths")
	enough(t, len(efi), 3, "eFI category codes")
	if coded > 0 {
		t.Errorf("%d of %d GP contacts in the last %d days of register deaths coded an eFI category, want none", coded, contacts, eolLastDays)
	}
}
