// Checks for brief h68f: findings that get investigated. A GP review found
// a blackout in A&E with a pulse under 50 never acted on, people with
// rheumatoid arthritis with no DMARD and nothing said why, and pneumonias
// diagnosed at the practice sent home with no antibiotic.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestSlowPulseBlackoutInAEIsReferred: NICE CG109 sends a transient loss of
// consciousness with bradycardia for a cardiovascular assessment within 24
// hours. Every A&E attendance about syncope whose pulse is under 50 codes
// the referral to cardiology (prescribing.yaml slow_heart_at_ae); none did
// before (38 attendances at generate -n 20000 -s 83).
func TestSlowPulseBlackoutInAEIsReferred(t *testing.T) {
	r := pathwayPopulation(t)
	hr, _ := datasets.ObservationByKey("heart_rate")
	ref, ok := datasets.ObservationByKey("cardiology_referral")
	if !ok {
		t.Fatal("observation_codes.csv: no cardiology_referral")
	}
	keys := r.conditionKeys()
	slow, without := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE || keys[e.ReasonConditionID] != "syncope" {
			continue
		}
		isSlow, referred := false, false
		for _, o := range r.obsByEnc[e.EncounterID] {
			isSlow = isSlow || (o.SnomedCode == hr.Snomed && o.Value != nil && *o.Value < 50)
			referred = referred || o.SnomedCode == ref.Snomed
		}
		if !isSlow {
			continue
		}
		slow++
		if !referred {
			without++
			t.Logf("%s: syncope in A&E on %s with a pulse under 50, no cardiology referral", e.PatientID, e.StartTime.Date())
		}
	}
	enough(t, slow, 3, "A&E syncope attendances with a pulse under 50")
	if without > 0 {
		t.Errorf("%d of %d A&E syncope attendances with a pulse under 50 not referred to cardiology (NICE CG109)", without, slow)
	}
}

// TestRheumatoidArthritisIsTreatedOrExplained: NICE NG100 1.4 offers a
// conventional DMARD to everyone with rheumatoid arthritis. Before, 18 of
// 135 people with it had none and no reason (generate -n 20000 -s 83). Of
// those with a year of record, each has a DMARD or a coded decline.
func TestRheumatoidArthritisIsTreatedOrExplained(t *testing.T) {
	r := pathwayPopulation(t)
	seen, unexplained := r.untreatedWithoutReason(t, "rheumatoid_arthritis", "dmard", "rheumatoid arthritis", "DMARD", "182895007")
	enough(t, seen, 15, "people with rheumatoid arthritis and a year of record")
	if unexplained > 0 {
		t.Errorf("%d of %d people with rheumatoid arthritis have no DMARD and no coded reason (NICE NG100 1.4)", unexplained, seen)
	}
}

// TestGPPneumoniaIsGivenAnAntibioticOrAdmitted: NICE NG138 offers an
// antibiotic for community-acquired pneumonia. Every pneumonia diagnosed at
// the practice has an antibiotic issued for it, or an A&E attendance or an
// admission for it; before, 46 of 1,027 had neither (generate -n 20000 -s 83).
func TestGPPneumoniaIsGivenAnAntibioticOrAdmitted(t *testing.T) {
	r := pathwayPopulation(t)
	treated := map[string]bool{}
	for i := range r.b.Prescriptions {
		treated[r.b.Prescriptions[i].ConditionID] = true
	}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingAE || e.Setting == settingInpatient {
			treated[e.ReasonConditionID] = true
		}
	}
	seen, neither := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		e := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "pneumonia" || e == nil || e.Setting != settingGP {
			continue
		}
		seen++
		if !treated[c.ConditionID] {
			neither++
			t.Logf("%s: pneumonia at the GP on %s, no antibiotic and no admission", c.PatientID, c.OnsetDate)
		}
	}
	enough(t, seen, 50, "pneumonias diagnosed at the GP")
	if neither > 0 {
		t.Errorf("%d of %d GP pneumonias with neither an antibiotic nor an admission (NICE NG138)", neither, seen)
	}
}

// untreatedWithoutReason counts the people with the condition and a year of
// record with it (from its onset or their first contact, whichever is
// later: its first review may lie ahead) and, of them, those with no
// medicine of the class issued and none of the reasons coded (the review's
// coded reason, untreated.go), logging each (the condition and the
// medicine named as a GP would).
func (r *realism) untreatedWithoutReason(t *testing.T, key, class, condition, medicine string, reasons ...string) (seen, unexplained int) {
	t.Helper()
	first, last := r.contactSpan()
	for id, conds := range r.condsOf {
		var c *models.Condition
		for _, x := range conds {
			if x.ConditionKey == key {
				c = x
			}
		}
		if c == nil || max(c.OnsetDate, first[id]) > last-400 {
			continue
		}
		seen++
		treated, why := false, false
		for _, rx := range r.rxOf[id] {
			treated = treated || datasets.InClass(medKey(rx), class)
		}
		for _, o := range r.obsOf[id] {
			why = why || slices.Contains(reasons, o.ValueCode)
		}
		if !treated && !why {
			unexplained++
			t.Logf("%s: %s since %s, no %s and no reason", id, condition, c.OnsetDate, medicine)
		}
	}
	t.Logf("%d people with %s and a year of record, %d with neither a medicine nor a reason", seen, condition, unexplained)
	return seen, unexplained
}

// contactSpan is each person's first contact in the record and the day of
// the population's last contact (a condition needs a year of record after
// both to be judged).
func (r *realism) contactSpan() (first map[string]models.Date, last models.Date) {
	first = map[string]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		d := e.StartTime.Date()
		last = max(last, d)
		if f, ok := first[e.PatientID]; !ok || d < f {
			first[e.PatientID] = d
		}
	}
	return first, last
}
