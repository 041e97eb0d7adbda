package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Seventh review: whole conditions had no disease-specific treatment (no
// anti-seizure medicine in epilepsy, no DMARD in rheumatoid arthritis, no
// MRA in heart failure, no anti-dementia drug; salbutamol alone in asthma
// with attacks; no maintenance inhaler in COPD with exacerbations). Each
// share is read from the records as a GP would: a prescription of the class
// anywhere in the person's history.
func TestConditionsHaveTheirOwnTreatment(t *testing.T) {
	r := pathwayPopulation(t)
	attacks := map[string]map[string]int{} // patient -> exacerbation key -> count
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey == "asthma_attack" || c.ConditionKey == "copd_exacerbation" {
			if attacks[c.PatientID] == nil {
				attacks[c.PatientID] = map[string]int{}
			}
			attacks[c.PatientID][c.ConditionKey]++
		}
	}
	onClass := func(id string, classes ...string) bool {
		for _, rx := range r.rxOf[id] {
			for _, cls := range classes {
				if datasets.InClass(medKey(rx), cls) {
					return true
				}
			}
		}
		return false
	}
	for _, tc := range []struct {
		cond, why string
		classes   []string
		who       func(id string, p *models.Patient) bool
		least     float64 // share of the people counted
	}{
		{"asthma", "an inhaled corticosteroid after 2+ attacks (NICE NG245)", []string{"ics", "ics_laba", "ics_laba_lama"},
			func(id string, p *models.Patient) bool { return attacks[id]["asthma_attack"] >= 2 }, 0.85},
		{"copd", "a maintenance inhaler after 2+ exacerbations (NICE NG115)", []string{"lama_laba", "ics_laba", "ics_laba_lama"},
			func(id string, p *models.Patient) bool { return attacks[id]["copd_exacerbation"] >= 2 }, 0.58},
		{"epilepsy", "an anti-seizure medicine (NICE NG217)", []string{"antiepileptic"}, nil, 0.6},
		{"rheumatoid_arthritis", "a DMARD (NICE NG100)", []string{"dmard"}, nil, 0.6},
		{"heart_failure", "a mineralocorticoid receptor antagonist (NICE NG106)", []string{"mra"}, nil, 0.1},
		{"dementia", "an anti-dementia drug (NICE NG97)", []string{"anti_dementia"}, nil, 0.3},
	} {
		n, treated := 0, 0
		for id, p := range r.patients {
			if r.has(id, tc.cond) == nil || (tc.who != nil && !tc.who(id, p)) {
				continue
			}
			n++
			if onClass(id, tc.classes...) {
				treated++
			}
		}
		if n < 10 {
			t.Fatalf("%s: only %d people to count", tc.cond, n)
		}
		share := float64(treated) / float64(n)
		t.Logf("%s: %d of %d with %s (%.0f%%)", tc.cond, treated, n, tc.why, 100*share)
		if share < tc.least {
			t.Errorf("%s: %d of %d with %s, want at least %.0f%%", tc.cond, treated, n, tc.why, 100*tc.least)
		}
	}
	// An emergency admission with a COPD exacerbation steps treatment up at
	// the next review (care_target.exacerbations admitted): most people admitted
	// have a maintenance inhaler issued within 400 days (44% before).
	kind := r.conditionKeys()
	first := map[string]models.Date{}
	for _, e := range r.encs {
		if d := e.StartTime.Date(); e.Setting == "inpatient" && kind[e.ReasonConditionID] == "copd_exacerbation" {
			if f, ok := first[e.PatientID]; !ok || d < f {
				first[e.PatientID] = d
			}
		}
	}
	admitted, stepped := 0, 0
	for id, d := range first {
		if d > r.p.Opts.Population()-400 {
			continue // the next review may not have come yet
		}
		admitted++
		for _, rx := range r.rxOf[id] {
			if rx.StartDate <= d+400 && (datasets.InClass(medKey(rx), "lama_laba") || datasets.InClass(medKey(rx), "ics_laba") || datasets.InClass(medKey(rx), "ics_laba_lama")) {
				stepped++
				break
			}
		}
	}
	t.Logf("copd: %d of %d admitted with an exacerbation have a maintenance inhaler within 400 days", stepped, admitted)
	if admitted < 10 || float64(stepped) < 0.55*float64(admitted) {
		t.Errorf("copd: %d of %d admitted with an exacerbation have a maintenance inhaler within 400 days, want 55%%", stepped, admitted)
	}
	// Folic acid 5 mg comes with every methotrexate course and stops with it.
	for id := range r.patients {
		if !onClass(id, "dmard") {
			continue
		}
		if !onClass(id, "folate") {
			t.Errorf("%s: methotrexate without folic acid", id)
		}
	}
}
