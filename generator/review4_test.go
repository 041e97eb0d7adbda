package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Findings of the fourth clinical review (docs/clinical-model.md) that the
// audit's hard rules cannot state: doses that never change, values piled on
// a floor, severe disease left without a maintenance treatment.

// NICE NG185, NG203, NG106: an ACE inhibitor given for heart disease, CKD
// or heart failure is titrated to the maximum tolerated dose, not left on
// its starting dose for years.
func TestACEInhibitorsAreTitratedWithoutABloodPressureTarget(t *testing.T) {
	r := pathwayPopulation(t)
	owner := r.conditionKeys() // condition id -> key
	checked, stuck := 0, 0
	for id := range r.patients {
		first, last := models.NoDate, models.NoDate
		steps := map[int]bool{}
		for _, rx := range r.rxOf[id] {
			k := owner[rx.ConditionID]
			if medKey(rx) != "ramipril" || (k != "chd" && k != "ckd" && k != "heart_failure") {
				continue
			}
			g, _ := datasets.RegimenByDMD(rx.DMDCode)
			steps[g.Step] = true
			if first == models.NoDate || rx.StartDate < first {
				first = rx.StartDate
			}
			last = max(last, rx.StartDate)
		}
		if first == models.NoDate || last-first < 365 {
			continue
		}
		checked++
		if len(steps) == 1 && steps[0] {
			stuck++
			t.Logf("%s: ramipril 2.5 mg from %s to %s", id, first, last)
		}
	}
	if checked < 30 {
		t.Fatalf("only %d patients with a year of ramipril for CHD, CKD or heart failure", checked)
	}
	if share := float64(stuck) / float64(checked); share > 0.1 {
		t.Errorf("%d of %d patients (%.0f%%) stay on ramipril 2.5 mg for a year or more", stuck, checked, 100*share)
	}
}

// FEV1 thins out towards its physiological floor instead of piling on it,
// and people with COPD and a very low FEV1 have a maintenance inhaler
// (NICE NG115).
func TestFEV1HasNoFloorPileAndSevereCOPDIsTreated(t *testing.T) {
	r := pathwayPopulation(t)
	slot := r.p.obsIndex["fev1"]
	floor, code := r.p.obsModels[slot].Min, r.snomed("fev1")
	readings, onFloor := 0, 0
	severe, untreated := 0, 0
	for id := range r.patients {
		var latest *models.Observation
		for _, o := range r.values(id, code) {
			readings++
			if *o.Value <= floor {
				onFloor++
			}
			if latest == nil || o.EffectiveTime > latest.EffectiveTime {
				latest = o
			}
		}
		if latest == nil || *latest.Value >= 1 || r.has(id, "copd") == nil {
			continue
		}
		severe++
		maintained := false
		for _, rx := range r.rxOf[id] {
			k := medKey(rx)
			maintained = maintained || datasets.InClass(k, "lama_laba") || datasets.InClass(k, "ics_laba") || datasets.InClass(k, "ics_laba_lama")
		}
		if !maintained {
			untreated++
		}
	}
	if readings < 300 {
		t.Fatalf("only %d FEV1 readings", readings)
	}
	if share := float64(onFloor) / float64(readings); share > 0.01 {
		t.Errorf("%d of %d FEV1 readings (%.1f%%) sit on the %.1f L floor", onFloor, readings, 100*share, floor)
	}
	if severe < 10 {
		t.Fatalf("only %d people with COPD and a latest FEV1 under 1 L", severe)
	}
	if share := float64(untreated) / float64(severe); share > 0.25 {
		t.Errorf("%d of %d people with COPD and FEV1 under 1 L (%.0f%%) never had a maintenance inhaler", untreated, severe, 100*share)
	}
}
