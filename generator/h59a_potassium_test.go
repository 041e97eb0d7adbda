// Checks for brief h59a (issue 9): an ACE inhibitor, ARB or
// spironolactone is not raised beside its own visit's potassium above 5.0,
// nor started beside a baseline sample drawn after the decision
// (docs/clinical-model.md, "The visit's own potassium (h59a)").
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// potassiumLimited reports whether the potassium's start_above limits the
// medicine (prescribing.yaml result_stops start_medicines, start_classes).
func potassiumLimited(key string) bool {
	return key == "spironolactone" || datasets.InClass(key, "raas_blocker")
}

// dailyMg is the issue's dose in mg a day (spironolactone 25 mg on
// alternate days is 12.5).
func dailyMg(rx *models.Prescription) float64 {
	mg := strengthMg(rx.Medication)
	if strings.Contains(strings.ToLower(rx.DoseText), "alternate") {
		mg /= 2
	}
	return mg
}

// issueBefore is the patient's latest issue of rx's medicine that starts
// before rx and runs to no more than 28 days before it (nil: rx starts the
// medicine).
func (r *realism) issueBefore(id string, rx *models.Prescription) *models.Prescription {
	var best *models.Prescription
	key := medKey(rx)
	for _, o := range r.rxOf[id] {
		if o == rx || medKey(o) != key || o.StartDate >= rx.StartDate || o.EndDate != models.NoDate && o.EndDate < rx.StartDate-28 {
			continue
		}
		if best == nil || o.StartDate > best.StartDate || o.StartDate == best.StartDate && dailyMg(o) > dailyMg(best) {
			best = o
		}
	}
	return best
}

// highestOn is the patient's highest potassium of each day.
func (r *realism) highestOn(id, code string) map[models.Date]float64 {
	out := map[models.Date]float64{}
	for _, o := range r.values(id, code) {
		if d := o.EffectiveTime.Date(); *o.Value > out[d] {
			out[d] = *o.Value
		}
	}
	return out
}

// TestRAASBlockerNotStartedOrRaisedBesideItsVisitsPotassium: a GP found
// ramipril raised from 5 to 10 mg at a heart failure follow-up whose own
// potassium read 5.7 (generate -n 20000 -s 83: 94 of 2,838 starts and 217
// of 2,168 increases of an ACE inhibitor, ARB or spironolactone on a day
// whose potassium was above 5.0). A raise, and since h60a a start, reads
// the review's own sample, and a sample drawn after a start or raise agrees
// with the decision (BNF, NICE NG203 1.6: not started or increased above
// 5.0).
func TestRAASBlockerNotStartedOrRaisedBesideItsVisitsPotassium(t *testing.T) {
	r := review5Population(t)
	k := r.snomed("potassium")
	starts, raises, startsHigh, raisesHigh := 0, 0, 0, 0
	var seen []string
	for id, rxs := range r.rxOf {
		var high map[models.Date]float64
		for _, rx := range rxs {
			if !potassiumLimited(medKey(rx)) {
				continue
			}
			prev := r.issueBefore(id, rx)
			if prev != nil && dailyMg(prev) >= dailyMg(rx) {
				continue // a repeat or a lower dose
			}
			if high == nil {
				high = r.highestOn(id, k)
			}
			above := high[rx.StartDate] > 5.0
			if prev == nil {
				starts++
				if above {
					startsHigh++
				}
				continue
			}
			raises++
			if above {
				if raisesHigh++; len(seen) < 3 {
					seen = append(seen, id+" "+rx.Medication+" "+rx.StartDate.String())
				}
			}
		}
	}
	enough(t, raises, 1000, "dose increases of an ACE inhibitor, ARB or spironolactone")
	t.Logf("on a day whose own potassium was above 5.0: %d of %d starts, %d of %d increases (%v)", startsHigh, starts, raisesHigh, raises, seen)
	// the review reads its own sample before it raises: none (a sample
	// drawn after the raise agrees with it)
	if raisesHigh*1000 > raises*2 {
		t.Errorf("%d of %d increases of an ACE inhibitor, ARB or spironolactone on a day whose potassium was above 5.0 (want 0.2%% or fewer: BNF, NICE NG203 1.6)", raisesHigh, raises)
	}
	// a start reads the review's own sample too (h60a: 45 of 2,853 starts
	// here before), and its baseline bloods, drawn after it, agree with it
	if startsHigh*1000 > starts*2 {
		t.Errorf("%d of %d starts of an ACE inhibitor, ARB or spironolactone on a day whose potassium was above 5.0 (want 0.2%% or fewer: NICE NG203 1.6, no start above 5.0)", startsHigh, starts)
	}
}
