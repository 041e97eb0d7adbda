// Checks for issue 9's place of death after anticipatory medicines
// (docs/clinical-model.md, "Subclinical hypothyroidism repeated, and
// anticipatory medicines with a plan to die at home (issue 9)").
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// anticipatoryKeys are the medicines (regimens.csv keys) of the
// anticipatory set, oxycodone in place of morphine included.
func anticipatoryKeys(r *realism) map[string]bool {
	keys := map[string]bool{}
	for _, c := range r.p.anticipatory {
		keys[c.meds.med.Key] = true
		if c.last != nil {
			keys[c.last.med.Key] = true
		}
	}
	return keys
}

// TestAnticipatoryMedicinesGoWithAHomeDeath: the "just in case" medicines
// belong to a plan to die at home (NICE NG31 1.8, QS144 statement 4), but
// the place of death was drawn apart from them: 270 of 707 people given
// them were then admitted and died in hospital (generate -n 20000 -s 5).
// Now a minority are (catalogue anticipatory admitted_share): the share
// whose death ends an admission begun on or after the first issue is
// within three binomial standard errors of it, and at most a quarter.
func TestAnticipatoryMedicinesGoWithAHomeDeath(t *testing.T) {
	r := review5Population(t)
	keys := anticipatoryKeys(r)
	issued := map[string]models.Date{} // the first issue
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && keys[g.Medicine] {
			if d, ok := issued[rx.PatientID]; !ok || rx.StartDate < d {
				issued[rx.PatientID] = rx.StartDate
			}
		}
	}
	admitted := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		on, ok := issued[e.PatientID]
		death := r.patients[e.PatientID].DeathDate
		if ok && e.Setting == settingInpatient && e.StartTime.Date() >= on && e.EndTime.Date() >= death {
			admitted++
			delete(issued, e.PatientID) // counted once
		}
	}
	n := admitted + len(issued)
	enough(t, n, 300, "people given anticipatory medicines")
	want := r.p.Cat.EndOfLife.Anticipatory.AdmittedShare
	got := float64(admitted) / float64(n)
	t.Logf("%d of %d people given anticipatory medicines were admitted and died in hospital (%.1f%%, want about %.0f%%)", admitted, n, 100*got, 100*want)
	if se := math.Sqrt(want * (1 - want) / float64(n)); math.Abs(got-want) > 3*se || got > 0.25 {
		t.Errorf("%d of %d people given anticipatory medicines died in hospital after an admission (%.1f%%), want about %.0f%% and at most 25%%: a minority of planned home deaths", admitted, n, 100*got, 100*want)
	}
}
