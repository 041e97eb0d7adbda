package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Eczema is treated at its first contact: an emollient at any age, a mild
// topical steroid, and a moderate one never under 1 year (the catalogue's
// eczema prescribing, NICE CG57; from 1 to 11 only at a flare after an
// earlier one since session 52: TestEczemaFlaringAgainIsSteppedUp).
func TestEczemaIsTreated(t *testing.T) {
	r := newRealism(t, 1500)
	byID := map[string]*models.Condition{}
	episodes := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		byID[c.ConditionID] = c
		if c.ConditionKey == "eczema" {
			episodes++
		}
	}
	issued := map[string]int{}
	for i := range r.b.Prescriptions {
		x := &r.b.Prescriptions[i]
		c := byID[x.ConditionID]
		if c == nil || c.ConditionKey != "eczema" {
			continue
		}
		g, ok := datasets.RegimenByDMD(x.DMDCode)
		if !ok {
			t.Fatalf("eczema prescription %s of unknown product %s", x.Medication, x.DMDCode)
		}
		issued[g.Medicine]++
		if age := models.YearsBetween(r.patients[x.PatientID].BirthDate, x.StartDate); age < 1 && g.Medicine == "clobetasone" {
			t.Errorf("clobetasone for a child of %d", age)
		}
	}
	emollient := issued["white_soft_paraffin_liquid_paraffin"]
	if episodes < 100 || float64(emollient) < 0.5*float64(episodes) || issued["hydrocortisone"] == 0 || issued["clobetasone"] == 0 {
		t.Errorf("%d eczema episodes, prescriptions by medicine %v", episodes, issued)
	}
}
