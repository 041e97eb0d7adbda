// Checks for brief h60a (issue 9): spironolactone already on its halved
// dose stops at a second potassium of 5.5-5.9 (prescribing.yaml mild_lower
// stop_on_step; docs/clinical-model.md, "The visit's own potassium").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// mildLowerRule is the potassium rule with a mild_lower (prescribing.yaml
// result_stops).
func mildLowerRule(t *testing.T) datasets.ResultStop {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range rules.ResultStops {
		if rs.MildLower != nil && rs.MildLower.StopOnStep {
			return rs
		}
	}
	t.Fatal("prescribing.yaml: no result_stops mild_lower with stop_on_step")
	return datasets.ResultStop{}
}

// TestHalvedSpironolactoneStopsAtASecondMildPotassium: spironolactone
// halved to 25 mg on alternate days for a potassium of 5.5-5.9 went on at
// the next result of 5.5-5.9 (generate -n 20000 -s 83: 131 of 135 such
// results had it running 28 days on). There is no lower dose: it stops at
// that result (the reduce-at-5.5-6.0 rule of the MRA guides has no step
// left). A course running 28 days on counts only when no potassium of 5.0
// or less came between (the heart failure ladder may start it again then).
func TestHalvedSpironolactoneStopsAtASecondMildPotassium(t *testing.T) {
	r := review5Population(t)
	rs := mildLowerRule(t)
	k := r.snomed(rs.Observation)
	// the halved dose is the tablet on alternate days (one dm+d product
	// for both doses, so the dose text tells them apart: dailyMg)
	onHalved := func(rx *models.Prescription) bool {
		return medKey(rx) == "spironolactone" && dailyMg(rx) < strengthMg(rx.Medication)
	}
	results, goesOn := 0, 0
	var seen []string
	for id, rxs := range r.rxOf {
		obs := r.values(id, k)
		for _, o := range obs {
			d, v := o.EffectiveTime.Date(), *o.Value
			if v < rs.MildAt || v >= rs.AtLeast {
				continue
			}
			halved := false
			for _, rx := range rxs {
				if onHalved(rx) && rx.StartDate < d && runsOn(rx, d-1) { // the issue a stop ends the day before
					halved = true
				}
			}
			if !halved {
				continue
			}
			results++
			later := d + 28
			for _, o2 := range obs {
				if d2 := o2.EffectiveTime.Date(); d2 > d && d2 <= later && *o2.Value <= rs.StartAbove {
					later = 0 // back in range: a new start may follow
				}
			}
			for _, rx := range rxs {
				if later != 0 && medKey(rx) == "spironolactone" && runsOn(rx, later) {
					if goesOn++; len(seen) < 3 {
						seen = append(seen, id+" "+d.String())
					}
					break
				}
			}
		}
	}
	enough(t, results, 10, "potassiums of 5.5-5.9 on halved spironolactone")
	t.Logf("%d of %d potassiums of 5.5-5.9 on halved spironolactone had it running 28 days on (%v)", goesOn, results, seen)
	if goesOn*10 > results {
		t.Errorf("%d of %d potassiums of 5.5-5.9 on spironolactone 25 mg on alternate days had it running 28 days on (want 1 in 10 or fewer: no lower dose, the MRA stops)", goesOn, results)
	}
}
