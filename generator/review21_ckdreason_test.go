// Checks for the twenty-first review: albuminuric CKD with no ACE inhibitor
// or ARB has a reason on the record. Before, the 4 in 10 people with CKD
// drawn untreated had none once their ACR called for one (17 of 84 with
// diabetes and an ACR above 3 had neither, generate -n 20000 -s 5).
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// ckdGateDue reports whether a urine ACR of acr on day d calls for an ACE
// inhibitor or ARB in this CKD patient (NICE NG203 1.6: 70 or more; above 3
// with diabetes; above 30 with hypertension, held by then).
func (r *realism) ckdGateDue(id string, acr float64, d models.Date) bool {
	held := func(key string) bool {
		c := r.has(id, key)
		return c != nil && c.OnsetDate <= d
	}
	return acr >= 70 || (acr > 3 && (held("type1_diabetes") || held("type2_diabetes"))) || (acr > 30 && held("hypertension"))
}

// TestAlbuminuricCKDUntreatedHasAReason: at a CKD review whose ACR calls
// for an ACE inhibitor or ARB, someone with none running or started within
// a fortnight has "ACE inhibitor contraindicated" or "declined" on the
// record by then. People a prescribing rule bars from it (a potassium above
// 6 before) are left out: they have no reason coded yet (a known gap).
//
// Read on the 20,000 people of review5Population: the 6,000 of
// pathwayPopulation held 5 such people on main at f25e376, and 4 once a
// heart attack that leaves an ejection fraction of 40% or less brings heart
// failure diagnosed in its stay (forty-eighth review): one of the 5 (type 2
// diabetes, CKD diagnosed two years after the MI) is now on ramipril 10 mg
// for that heart failure at the CKD review, so rightly not untreated. The
// 20,000 hold 20 (23 on main).
func TestAlbuminuricCKDUntreatedHasAReason(t *testing.T) {
	r := review5Population(t)
	acr, potassium := r.snomed("urine_acr"), r.snomed("potassium")
	highPotassium := func(v float64) bool { return v > 6 }
	reasons := map[string]bool{"315364008": true, "134397009": true}
	due, explained := 0, 0
	for id := range r.patients {
		ckd := r.has(id, "ckd")
		if ckd == nil {
			continue
		}
		for _, o := range r.obsOf[id] {
			e := r.encs[o.EncounterID]
			if o.SnomedCode != acr || o.Value == nil || e == nil || e.ReasonConditionID != ckd.ConditionID {
				continue
			}
			d := o.EffectiveTime.Date()
			// none running, none started within a fortnight, no potassium above 6 before,
			// no acute kidney injury in the 90 days before (the blocker stopped for it is held
			// until the kidneys recover: NICE NG148, approx; the AKI on the record is the reason
			// a GP reads - merge75 met two such people, 6a501859 and d37a3455, once the
			// levetiracetam rows of regimens.csv (h75b) moved this population's draws)
			if !r.ckdGateDue(id, *o.Value, d) || r.classRunning(id, "raas_blocker", d) || r.classRunning(id, "raas_blocker", d+14) ||
				slices.ContainsFunc(r.readingsBetween(id, potassium, 0, d), highPotassium) || recentAKI(r, id, d) {
				continue
			}
			due++
			for _, x := range r.obsOf[id] {
				if x.EffectiveTime.Date() <= d && (reasons[x.SnomedCode] || reasons[x.ValueCode]) {
					explained++
					break
				}
			}
			break // the first such review per person
		}
	}
	if due < 5 {
		t.Fatalf("only %d people with CKD untreated at a review whose ACR called for an ACE inhibitor or ARB", due)
	}
	if explained*10 < due*9 {
		t.Errorf("%d of %d people with CKD untreated at a review whose ACR called for an ACE inhibitor or ARB had a reason coded by then, want 9 in 10", explained, due)
	}
	t.Logf("%d of %d explained", explained, due)
}

// recentAKI reports whether an acute kidney injury began in the 90 days up
// to day d.
func recentAKI(r *realism, id string, d models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "aki" && c.OnsetDate <= d && d-c.OnsetDate <= 90 {
			return true
		}
	}
	return false
}
