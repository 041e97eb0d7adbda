package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h66c: a GP review (generate -n 5000 -s 11) found the pneumonias the GP
// diagnosed before a death at home untreated (0 of 16 had an antibiotic),
// most chest infections and cellulitis diagnosed at A&E (chest infections
// 1,197 at A&E against 356 at the GP), and a surgery consultation about
// hypothyroidism on the afternoon of a death from pneumonia. The tests read
// the shared pathway population.

// pneumoniaAntibiotics are NICE NG138's choices for a pneumonia in the
// community (catalogue presentation pneumonia prescribe).
var pneumoniaAntibiotics = []string{"amoxicillin", "clarithromycin", "doxycycline"}

// TestPneumoniaSeenAtTheGPIsTreated: a pneumonia diagnosed at a GP contact
// has an antibiotic issued for it at that contact (catalogue causes_of_death
// pneumonia seen_before treated_as). The bound: at least half (the line's
// probability is 0.9; an allergy to every choice, a neonate or a death on
// the day may leave none). Before, none.
func TestPneumoniaSeenAtTheGPIsTreated(t *testing.T) {
	r := pathwayPopulation(t)
	seen, treated := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.SnomedCode != "233604007" {
			continue
		}
		if e := r.encs[c.DiagnosisEncounterID]; e == nil || e.Setting != settingGP {
			continue
		}
		seen++
		if slices.ContainsFunc(r.rxOf[c.PatientID], func(rx *models.Prescription) bool {
			return rx.EncounterID == c.DiagnosisEncounterID && slices.Contains(pneumoniaAntibiotics, medKey(rx))
		}) {
			treated++
		}
	}
	t.Logf("%d pneumonias diagnosed at the GP, %d given an antibiotic there", seen, treated)
	enough(t, seen, 5, "pneumonias diagnosed at the GP")
	if 2*treated < seen {
		t.Errorf("%d of %d pneumonias diagnosed at the GP given an antibiotic there: want at least half (NICE NG138)", treated, seen)
	}
}

// TestChestInfectionsAndCellulitisMostlySeenAtTheGP: from 6 years most
// chest infections and most cellulitis are first seen in general practice
// (catalogue lrti and cellulitis weights, h66c: about 1 in 5 chest
// infections at A&E; cellulitis near half, most of it admitted through
// A&E). The bound: more than half at the GP of those seen at the GP or
// A&E. Before, about a quarter and a third.
func TestChestInfectionsAndCellulitisMostlySeenAtTheGP(t *testing.T) {
	r := pathwayPopulation(t)
	gp, ae := map[string]int{}, map[string]int{}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "lrti" && c.ConditionKey != "cellulitis" || ageOnDay(r.patients[c.PatientID], c.OnsetDate) < 6 {
			continue
		}
		switch e := r.encs[c.DiagnosisEncounterID]; {
		case e == nil:
		case e.Setting == settingGP:
			gp[c.ConditionKey]++
		case e.Setting == settingAE:
			ae[c.ConditionKey]++
		}
	}
	for _, k := range []string{"lrti", "cellulitis"} {
		t.Logf("%s from 6 years: %d first seen at the GP, %d at A&E", k, gp[k], ae[k])
		enough(t, gp[k]+ae[k], 100, k+" episodes seen at the GP or A&E")
		if gp[k] <= ae[k] {
			t.Errorf("%s: %d first seen at the GP against %d at A&E: want most at the GP", k, gp[k], ae[k])
		}
	}
}

// TestNoRoutineContactOnTheDayOfDeath: no GP-practice contact on the day
// of a death outside hospital except what records the death (the
// verification of an expected one, the call about an unexpected one) and
// the contact that sees the illness that killed, begun in the week before
// (rules.yaml routine-contact-on-day-of-death). Before, a surgery
// consultation about hypothyroidism, with a TSH, on the afternoon of a
// death from pneumonia.
func TestNoRoutineContactOnTheDayOfDeath(t *testing.T) {
	r := pathwayPopulation(t)
	conds := r.conditionByID()
	inHospital := map[string]bool{} // died during a stay
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if pt := r.patients[e.PatientID]; e.Setting == "inpatient" && pt.DeathDate != models.NoDate && e.StartTime.Date() <= pt.DeathDate && e.EndTime.Date() >= pt.DeathDate {
			inHospital[e.PatientID] = true
		}
	}
	deaths, bad := 0, 0
	for _, pt := range r.patients {
		if pt.DeathDate != models.NoDate && !inHospital[pt.PatientID] {
			deaths++
		}
	}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		pt := r.patients[e.PatientID]
		if pt.DeathDate == models.NoDate || inHospital[e.PatientID] || e.StartTime.Date() != pt.DeathDate || e.Setting != settingGP {
			continue
		}
		if c := conds[e.ReasonConditionID]; c != nil && c.OnsetDate >= pt.DeathDate-7 {
			continue // the illness that killed
		}
		if slices.ContainsFunc(r.obsByEnc[e.EncounterID], func(o *models.Observation) bool {
			return o.SnomedCode == "162853007" || o.SnomedCode == "162852002"
		}) {
			continue // what records the death
		}
		if bad++; bad <= 5 {
			t.Errorf("patient %s died %v at home: a GP contact (%s) that day about %s", e.PatientID, pt.DeathDate, e.TypeDisplay, e.ReasonConditionID)
		}
	}
	t.Logf("%d deaths, %d routine GP contacts on the day of death", deaths, bad)
	enough(t, deaths, 50, "deaths outside hospital")
}
