// Checks for the fifteenth review: a beta-blocker's dose is not raised at a
// slow pulse (prescribing.yaml slow_heart raise_below).
package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestBetaBlockerNotRaisedAtASlowPulse: a GP review found 48 of 267
// bisoprolol increases in heart failure made at a pulse under 60 (generate
// -n 5000 -s 59); heart failure services do not up-titrate below 60. Now
// no beta-blocker issue of a higher strength than the patient's
// previous issue of it follows a latest recorded heart rate under the
// rule's raise limit.
func TestBetaBlockerNotRaisedAtASlowPulse(t *testing.T) {
	r := pathwayPopulation(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	var limit float64
	for _, sh := range rules.SlowHeart {
		if sh.Class == "beta_blocker" {
			limit = max(sh.Below, sh.RaiseBelow)
		}
	}
	if limit < 60 {
		t.Fatalf("the beta-blocker's raise limit is %g, want 60", limit)
	}
	hr, _ := datasets.ObservationByKey("heart_rate")
	// the daily dose: every beta-blocker regimen is one tablet (or, for
	// propranolol to prevent migraine, one modified-release capsule: session
	// 49) a day of a strength, and the steps of the heart failure and usual
	// ladders differ; labetalol for gestational hypertension (h55d) is one
	// tablet twice a day
	strength := func(rx *models.Prescription) float64 {
		v := strengthMg(rx.Medication)
		switch {
		case v < 0:
		case rx.DoseText == "Take ONE tablet daily" || rx.DoseText == "Take ONE capsule daily":
			return v
		case rx.DoseText == "Take ONE tablet twice a day":
			return 2 * v
		case rx.DoseText == "Take TWO tablets twice a day": // labetalol raised in pregnancy (fx65a)
			return 4 * v
		case rx.DoseText == "Take TWO tablets three times a day":
			return 6 * v
		}
		t.Fatalf("a beta-blocker regimen the test cannot read: %s, %s", rx.Medication, rx.DoseText)
		return 0
	}
	raises := 0
	for id, rxs := range r.rxOf {
		var readings []*models.Observation
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == hr.Snomed {
				readings = append(readings, o)
			}
		}
		sort.Slice(readings, func(i, j int) bool { return readings[i].EffectiveTime < readings[j].EffectiveTime })
		last := map[string]*models.Prescription{}
		for _, rx := range rxs { // in issue order
			m := medKey(rx)
			if !datasets.InClass(m, "beta_blocker") {
				continue
			}
			prev := last[m]
			last[m] = rx
			if prev == nil || strength(rx) <= strength(prev) {
				continue
			}
			raises++
			e := r.encs[rx.EncounterID]
			var latest *models.Observation
			for _, o := range readings {
				if e != nil && o.EffectiveTime <= e.EndTime {
					latest = o
				}
			}
			if latest != nil && latest.Value != nil && *latest.Value < limit {
				t.Errorf("%s: %s raised on %s after a heart rate of %g", id, rx.Medication, rx.StartDate, *latest.Value)
			}
		}
	}
	enough(t, raises, 50, "beta-blocker dose raises")
}
