// Checks for brief h55f (issue 9): a face-to-face contact for a symptom of
// a long-standing condition records the condition's assessment.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestSymptomContactsAssessTheCondition: "Encounter for symptom" contacts
// about a chronic condition diagnosed before the day recorded an
// opportunistic blood pressure, weight or BMI and nothing of the condition
// (generate -n 20000 -s 83: no COPD contact had an oxygen saturation, 2,116
// of 2,116; hypothyroidism and gout had no TSH or urate at the contact, 35%
// none within 90 days). Each contact of an adult outside the last year of
// life now records every reading of the condition's symptom_contacts.yaml
// entry, a blood test at it or within its days.
func TestSymptomContactsAssessTheCondition(t *testing.T) {
	r := pathwayPopulation(t)
	sc, err := datasets.LoadSymptomContacts()
	if err != nil {
		t.Fatal(err)
	}
	problem := r.p.encTypes[encGPProblem].Code
	conds := r.conditionByID()
	seen, short := map[string]int{}, map[string]int{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := conds[e.ReasonConditionID]
		if e.Setting != settingGP || e.TypeCode != problem || c == nil || !c.Chronic {
			continue
		}
		a, ok := sc.Conditions[c.ConditionKey]
		d := e.StartTime.Date()
		p := r.patients[e.PatientID]
		if !ok || c.OnsetDate >= d || ageOnDay(p, d) < 18 || (p.DeathDate != models.NoDate && p.DeathDate-d < 365) {
			continue
		}
		seen[c.ConditionKey]++
		for _, rd := range a.Observations {
			code := r.snomed(rd.Key)
			found := false
			for _, o := range r.obsByEnc[e.EncounterID] {
				found = found || o.SnomedCode == code
			}
			for _, o := range r.obsOf[e.PatientID] {
				od := o.EffectiveTime.Date()
				found = found || rd.UnlessWithinDays > 0 && o.SnomedCode == code && od > d-models.Date(rd.UnlessWithinDays) && od < d+models.Date(rd.UnlessWithinDays)
			}
			if !found {
				short[c.ConditionKey]++
				break
			}
		}
	}
	total, totalShort := 0, 0
	for k, n := range seen {
		total, totalShort = total+n, totalShort+short[k]
		t.Logf("%s: %d of %d contacts without the whole assessment", k, short[k], n)
		// 5%: a reading another path took at the contact is not taken twice, and a contact booked by another path (a referral's follow-up) records its own
		if n >= 40 && float64(short[k]) > 0.05*float64(n) {
			t.Errorf("%s: %d of %d symptom contacts lack part of the assessment (want at most 5%%)", k, short[k], n)
		}
	}
	if total < 500 {
		t.Fatalf("only %d symptom contacts about long-standing conditions: the population no longer tests this", total)
	}
	t.Logf("all: %d of %d", totalShort, total)
}

// TestBlackoutsInAEHaveAPulseAndBloodPressure: every syncope episode
// recorded only its 12-lead ECG (generate -n 20000 -s 83: none of the
// A&E attendances about syncope had a pulse or a blood pressure). NICE
// CG109 1.1.2 records the heart rate and the blood pressure at the first
// assessment of a blackout: each adult's attendance has both now (a child's
// blood pressure is not modelled, observations adult_only).
func TestBlackoutsInAEHaveAPulseAndBloodPressure(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	pulse, systolic := r.snomed("heart_rate"), r.snomed("systolic_bp")
	seen, without := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE || keys[e.ReasonConditionID] != "syncope" || ageOnDay(r.patients[e.PatientID], e.StartTime.Date()) < 18 {
			continue
		}
		seen++
		hasPulse, hasBP := false, false
		for _, o := range r.obsByEnc[e.EncounterID] {
			hasPulse, hasBP = hasPulse || o.SnomedCode == pulse, hasBP || o.SnomedCode == systolic
		}
		if !hasPulse || !hasBP {
			without++
		}
	}
	enough(t, seen, 100, "adults' A&E attendances about syncope")
	// 2%: a last-days-of-care attendance, or one whose day the person turned 18 on by the calendar and not the record
	if float64(without) > 0.02*float64(seen) {
		t.Errorf("%d of %d adults' A&E attendances about syncope with no pulse or no blood pressure", without, seen)
	}
}
