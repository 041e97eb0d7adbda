// Checks for the sixteenth review: the echocardiogram of a heart failure
// diagnosis reports an ejection fraction, and the medicines for a reduced
// ejection fraction follow it (catalogue lvef, referral readings, line needs).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestEchocardiogramReportsEjectionFraction: a GP review found every heart
// failure echocardiogram coded with no result. Now each records the left
// ventricular ejection fraction at the same attendance, spread over the
// reduced (40% or less) and preserved (50% or more) kinds.
func TestEchocardiogramReportsEjectionFraction(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("echocardiogram") // a procedure: no observation slot
	if !ok {
		t.Fatal("no echocardiogram in observation_codes.csv")
	}
	echo, lvef := code.Snomed, r.snomed("lvef")
	echoes, reduced, preserved := 0, 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != echo || r.has(o.PatientID, "heart_failure") == nil {
			continue
		}
		echoes++
		var ef *models.Observation
		for _, x := range r.obsByEnc[o.EncounterID] {
			if x.SnomedCode == lvef {
				ef = x
			}
		}
		switch {
		case ef == nil || ef.Value == nil:
			t.Errorf("%s: echocardiogram at %s on %s with no ejection fraction", o.PatientID, o.EncounterID, o.EffectiveTime.Date())
		case *ef.Value <= 40:
			reduced++
		case *ef.Value >= 50:
			preserved++
		}
	}
	enough(t, echoes, 40, "heart failure echocardiograms")
	if reduced < echoes/4 || preserved < echoes/8 {
		t.Errorf("of %d echocardiograms %d show a reduced and %d a preserved ejection fraction: want both kinds (about half reduced)", echoes, reduced, preserved)
	}
}

// TestHeartFailureMRAForReducedEjectionFraction: spironolactone (and an
// SGLT2 inhibitor) for heart failure is for a reduced ejection fraction
// (NICE NG106 1.4.7, TA679). Before, a third of the treated reached it
// whatever their heart's function. No one whose echocardiogram shows a
// clearly preserved ejection fraction (55% or more: beyond a measurement's
// noise from 40) is given either for heart failure.
func TestHeartFailureMRAForReducedEjectionFraction(t *testing.T) {
	r := pathwayPopulation(t)
	lvef := r.snomed("lvef")
	ef := map[string]float64{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == lvef && o.Value != nil {
			ef[o.PatientID] = *o.Value
		}
	}
	reducedOnMRA, preserved := 0, 0
	for pid, v := range ef {
		hf := r.has(pid, "heart_failure")
		if hf == nil {
			continue
		}
		for _, rx := range r.rxOf[pid] {
			m := medKey(rx)
			// (dapagliflozin for a preserved ejection fraction from NICE TA902, 2023: seventeenth review)
			if rx.ConditionID != hf.ConditionID || m != "spironolactone" && (m != "dapagliflozin" || rx.StartDate >= ta902) {
				continue
			}
			if v >= 55 {
				t.Errorf("%s: %s for heart failure from %s with an ejection fraction of %.0f%%", pid, m, rx.StartDate, v)
			}
			if v <= 40 && m == "spironolactone" {
				reducedOnMRA++
				break
			}
		}
		if v >= 55 {
			preserved++
		}
	}
	enough(t, preserved, 10, "people with heart failure and a preserved ejection fraction")
	enough(t, reducedOnMRA, 10, "people with a reduced ejection fraction on spironolactone")
}
