// Checks for the seventeenth review: gout care a GP believes. The first
// attack and every flare seen are treated (NICE NG219 1.3), allopurinol is
// raised 100 mg a month while the urate is above target, and febuxostat
// follows where allopurinol at its highest dose has not reached it (NG219
// 1.5), never with major cardiovascular disease (MHRA 2019).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// flareTreatment reports whether the prescription treats a gout flare.
func flareTreatment(rx *models.Prescription) bool {
	switch medKey(rx) {
	case "naproxen", "colchicine", "prednisolone":
		return true
	}
	return false
}

// flareTreatmentRunning reports whether a flare treatment issued before day
// d still runs on it: a contact then has its recorded reason for no new one.
func (r *realism) flareTreatmentRunning(id string, d models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if flareTreatment(rx) && rx.StartDate < d && rx.EndDate != models.NoDate && rx.EndDate >= d {
			return true
		}
	}
	return false
}

// issuedAt reports whether a flare treatment was issued at encounter enc.
func (r *realism) flareIssuedAt(id, enc string) bool {
	for _, rx := range r.rxOf[id] {
		if rx.EncounterID == enc && flareTreatment(rx) {
			return true
		}
	}
	return false
}

// TestFirstGoutAttackIsTreated: the GP contact that diagnoses gout is a
// first attack, treated as a flare (NICE NG219 1.3). Before, 4 of 417
// people diagnosed had a flare treatment that day (generate -n 20000 -s 5).
func TestFirstGoutAttackIsTreated(t *testing.T) {
	r := pathwayPopulation(t)
	diagnosed, treated := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "gout" || c.DiagnosisEncounterID == "" {
			continue
		}
		if e := r.encs[c.DiagnosisEncounterID]; e == nil || e.Setting != settingGP {
			continue
		}
		diagnosed++
		if r.flareIssuedAt(c.PatientID, c.DiagnosisEncounterID) || r.flareTreatmentRunning(c.PatientID, c.OnsetDate) {
			treated++
		}
	}
	enough(t, diagnosed, 40, "gout diagnoses at the GP")
	if share := float64(treated) / float64(diagnosed); share < 0.95 {
		t.Errorf("%d of %d first gout attacks treated at the diagnosis (%.0f%%), want 95%% or more", treated, diagnosed, 100*share)
	}
}

// TestEveryGoutFlareContactIsTreated: each GP contact about a flare issues
// naproxen, colchicine or prednisolone, unless a course issued before still
// runs (before, 174 of 1,297 flare contacts had nothing, none running).
func TestEveryGoutFlareContactIsTreated(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	contacts := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || keys[e.ReasonConditionID] != "gout_flare" {
			continue
		}
		contacts++
		if !r.flareIssuedAt(e.PatientID, e.EncounterID) && !r.flareTreatmentRunning(e.PatientID, e.StartTime.Date()) {
			t.Errorf("%s: GP contact about a gout flare on %s with no treatment issued or running", e.PatientID, e.StartTime.Date())
		}
	}
	enough(t, contacts, 100, "GP contacts about a gout flare")
}
