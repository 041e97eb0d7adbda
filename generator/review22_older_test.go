// Checks for the twenty-second review: prescribing pain relief and hypnotics
// for older people.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// starts calls f for each issue in the history window of a medicine of the
// class that starts it: no issue of the class ended within 28 days before
// (the audit's continuesCourse).
func (r *realism) starts(class string, f func(id string, rx *models.Prescription)) {
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			d := rx.StartDate
			if !datasets.InClass(medKey(rx), class) || d < r.p.windowStart || slices.ContainsFunc(rxs, func(o *models.Prescription) bool {
				return o != rx && datasets.InClass(medKey(o), class) && o.StartDate < d && (o.EndDate == models.NoDate || o.EndDate >= d-28)
			}) {
				continue
			}
			f(id, rx)
		}
	}
}

// TestOralNSAIDStartsInOlderPeople: a GP read naproxen started at 87 with no
// eGFR on the record (648 of 1,307 oral NSAID starts at 75+ on generate -n
// 20000 -s 5) and NSAIDs started beside an ACE inhibitor or ARB and a
// diuretic (335). Now every start at 75+ has an eGFR from the year before or
// the visit, none is made beside both, and osteoarthritis at 75+ is given
// paracetamol rather than an oral NSAID (prescribing.yaml start_tests and
// contraindications; catalogue osteoarthritis ladders, older).
func TestOralNSAIDStartsInOlderPeople(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	egfr := r.snomed("egfr")
	old, oaParacetamol := 0, 0
	r.starts("nsaid", func(id string, rx *models.Prescription) {
		d := rx.StartDate
		if r.classRunning(id, "raas_blocker", d) && (r.classRunning(id, "thiazide", d) || r.classRunning(id, "loop_diuretic", d)) {
			t.Errorf("%s: %s started on %s beside a RAAS blocker and a diuretic", id, rx.Medication, d)
		}
		if ageOnDay(r.patients[id], d) < 75 {
			return
		}
		old++
		if !slices.ContainsFunc(r.obsOf[id], func(o *models.Observation) bool {
			od := o.EffectiveTime.Date()
			return o.SnomedCode == egfr && od <= d && d-od < 365
		}) {
			t.Errorf("%s: %s started at %d on %s with no eGFR in the year before", id, rx.Medication, ageOnDay(r.patients[id], d), d)
		}
		if k := keys[rx.ConditionID]; k == "knee_osteoarthritis" || k == "hip_osteoarthritis" {
			t.Errorf("%s: %s started at 75+ on %s for %s", id, rx.Medication, d, k)
		}
	})
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if k := keys[rx.ConditionID]; medKey(rx) == "paracetamol" && (k == "knee_osteoarthritis" || k == "hip_osteoarthritis") && ageOnDay(r.patients[id], rx.StartDate) >= 75 {
				oaParacetamol++
			}
		}
	}
	enough(t, old, 200, "oral NSAID starts at 75+")
	enough(t, oaParacetamol, 10, "paracetamol courses for osteoarthritis at 75+")
}
