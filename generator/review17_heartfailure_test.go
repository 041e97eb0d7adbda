// Checks for the seventeenth review, heart failure by ejection fraction
// (docs/clinical-model.md, "Heart failure by ejection fraction, and causes
// of death in heart disease (seventeenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// ta902 is the day NICE TA902 recommended dapagliflozin for heart failure
// with a preserved or mildly reduced ejection fraction (catalogue line 6).
var ta902 = models.CivilDate(2023, 6, 21)

// ejectionFractions is each person's echocardiogram ejection fraction.
func (r *realism) ejectionFractions() map[string]float64 {
	lvef := r.snomed("lvef")
	ef := map[string]float64{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == lvef && o.Value != nil {
			ef[o.PatientID] = *o.Value
		}
	}
	return ef
}

// TestHeartFailureDrugsFollowEjectionFraction: a GP found ramipril and
// bisoprolol started and titrated as heart failure treatment at an ejection
// fraction above 40% (generate -n 20000 -s 5). NICE NG106 gives the ACE
// inhibitor (or ARB), beta-blocker and MRA for a reduced ejection fraction
// (40% or less); above it the causes and the congestion are treated and
// dapagliflozin is offered from NICE TA902. No prescription for heart
// failure of a RAAS blocker, beta-blocker or MRA above 40%; dapagliflozin
// for heart failure above 40% only from TA902, and some have it.
func TestHeartFailureDrugsFollowEjectionFraction(t *testing.T) {
	r := pathwayPopulation(t)
	chain := map[string]bool{"ramipril": true, "candesartan": true, "bisoprolol": true, "spironolactone": true}
	above40, onSGLT2 := 0, 0
	for pid, v := range r.ejectionFractions() {
		hf := r.has(pid, "heart_failure")
		if hf == nil || v <= 40 {
			continue
		}
		above40++
		sglt2 := false
		for _, rx := range r.rxOf[pid] {
			if rx.ConditionID != hf.ConditionID {
				continue
			}
			switch m := medKey(rx); {
			case chain[m]:
				t.Errorf("%s: %s for heart failure from %s with an ejection fraction of %.0f%%", pid, rx.Medication, rx.StartDate, v)
			case m == "dapagliflozin" && rx.StartDate < ta902:
				t.Errorf("%s: dapagliflozin for heart failure from %s, before NICE TA902, at an ejection fraction of %.0f%%", pid, rx.StartDate, v)
			case m == "dapagliflozin":
				sglt2 = true
			}
		}
		if sglt2 {
			onSGLT2++
		}
	}
	enough(t, above40, 20, "people with heart failure and an ejection fraction above 40%")
	enough(t, onSGLT2, 5, "people with an ejection fraction above 40% on dapagliflozin for heart failure")
	t.Logf("%d of %d people with an ejection fraction above 40%% on dapagliflozin for heart failure", onSGLT2, above40)
}
