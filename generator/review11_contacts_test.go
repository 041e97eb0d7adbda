// Checks for the eleventh review's children's contacts and epilepsy reviews
// that recorded nothing (docs/clinical-model.md, "Children's records
// (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestChildrensInfectionContactsRecordTemperature: 99.9% of GP contacts
// with children aged 5-15 and 95% with children aged 1-4 recorded no
// observation (generate -n 20000 -s 5): a child seen with a fever had no
// temperature. Every face-to-face GP contact with a child about a problem
// of the catalogue's contact_readings records a temperature; on a fever's
// first day it is about 38 (mean at least 37.7, over a third at 38 or
// more); no reading is below 35; and fewer than 60% of children's
// face-to-face GP contacts record no observation at all.
func TestChildrensInfectionContactsRecordTemperature(t *testing.T) {
	r := pathwayPopulation(t)
	if len(r.p.contactReadings) == 0 {
		t.Fatal("the catalogue has no contact_readings")
	}
	cr := r.p.contactReadings[0]
	code := r.p.obsCodes[cr.slot].Snomed
	conds := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		conds[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	phone := r.p.encTypes[encGPTelephone].Code
	checked, missing, children, empty := 0, 0, 0, 0
	var feverSum float64
	fevers, febrile := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || e.TypeCode == phone || e.TypeCode == r.p.encTypes[encImmunisation].Code { // a vaccination records the dose
			continue
		}
		d := e.StartTime.Date()
		if ageOnDay(r.patients[e.PatientID], d) > cr.MaxAge {
			continue
		}
		children++
		obs := r.obsByEnc[e.EncounterID]
		if len(obs) == 0 {
			empty++
		}
		c := conds[e.ReasonConditionID]
		if c == nil {
			continue
		}
		if _, ok := cr.Problems[c.ConditionKey]; !ok {
			continue
		}
		checked++
		var temp *models.Observation
		for _, o := range obs {
			if o.SnomedCode == code {
				temp = o
			}
		}
		if temp == nil {
			missing++
			if missing <= 10 {
				t.Errorf("%s %s: %s about %s, no temperature", e.PatientID, d, e.TypeDisplay, c.ConditionKey)
			}
			continue
		}
		if *temp.Value < 35 {
			t.Errorf("%s %s: temperature %.1f", e.PatientID, d, *temp.Value)
		}
		if c.ConditionKey == "fever" && d == c.OnsetDate {
			fevers++
			feverSum += *temp.Value
			if *temp.Value >= 38 {
				febrile++
			}
		}
	}
	enough(t, checked, 2000, "children's contacts about an infection or fever")
	enough(t, fevers, 200, "children's first contacts about a fever")
	if missing > 0 {
		t.Errorf("%d of %d children's contacts about an infection or fever recorded no temperature", missing, checked)
	}
	mean := feverSum / float64(fevers)
	t.Logf("%d contacts checked; fever's first day: mean %.2f, %d of %d at 38 or more; %d of %d children's face-to-face GP contacts recorded no observation",
		checked, mean, febrile, fevers, empty, children)
	if mean < 37.7 || 3*febrile < fevers {
		t.Errorf("fever's first day: mean temperature %.2f, %d of %d at 38 or more; want a mean of 37.7 or more, a third at 38", mean, febrile, fevers)
	}
	if 10*empty >= 6*children {
		t.Errorf("%d of %d children's face-to-face GP contacts recorded no observation; want under 60%%", empty, children)
	}
}

// TestEpilepsyReviewsRecordSomething: 1,016 of 1,060 adults' GP epilepsy
// reviews recorded no observation and 215 nothing at all, no medicine
// either (generate -n 20000 -s 5): the review's list was empty. Nine in
// ten adults' GP reviews of epilepsy or more now record an observation
// (weight and BMI: several anti-seizure medicines change weight), and none
// records nothing at all.
func TestEpilepsyReviewsRecordSomething(t *testing.T) {
	r := pathwayPopulation(t)
	epi := map[string]bool{}
	for i := range r.b.Conditions {
		if r.b.Conditions[i].ConditionKey == "epilepsy" {
			epi[r.b.Conditions[i].ConditionID] = true
		}
	}
	review := r.p.encTypes[encChronicReview].Code
	used := r.encountersWithRecords()
	checked, noObs, nothing := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || e.TypeCode != review || !epi[e.ReasonConditionID] || ageOnDay(r.patients[e.PatientID], e.StartTime.Date()) < 18 {
			continue
		}
		checked++
		if len(r.obsByEnc[e.EncounterID]) == 0 {
			noObs++
		}
		if !used[e.EncounterID] {
			nothing++
			if nothing <= 10 {
				t.Logf("%s %s: epilepsy review recorded nothing", e.PatientID, e.StartTime.Date())
			}
		}
	}
	enough(t, checked, 100, "adults' GP epilepsy reviews")
	t.Logf("%d adults' GP epilepsy reviews, %d with no observation, %d recorded nothing", checked, noObs, nothing)
	if 10*noObs > checked || nothing > 0 {
		t.Errorf("%d of %d adults' GP epilepsy reviews recorded no observation, %d nothing; want under 10%%, none", noObs, checked, nothing)
	}
}
