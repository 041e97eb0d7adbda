// Checks for the twentieth review's reasons for no beta-blocker in heart
// failure with a reduced ejection fraction (docs/clinical-model.md, "A
// reason for no beta-blocker in heart failure (twentieth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestHFrEFWithoutBetaBlockerHasAReason: before, 9 of 48 people with heart
// failure and an ejection fraction of 40% or less (generate -n 20000 -s 5)
// never had a beta-blocker and nothing on the record said why. Now everyone
// with a reduced ejection fraction never given one after the diagnosis has
// a reason coded (the catalogue line's not_taken, or the slow heart that
// stopped one), and the line's reasons are coded only for people with heart
// failure.
func TestHFrEFWithoutBetaBlockerHasAReason(t *testing.T) {
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]bool{}
	for _, c := range cat.Conditions {
		if c.Key != "heart_failure" {
			continue
		}
		for _, line := range c.Treatment {
			for _, nt := range line.NotTaken {
				reasons[nt.Snomed] = true
			}
		}
	}
	if len(reasons) == 0 {
		t.Fatal("the heart failure pathway has no not_taken reasons to check")
	}
	slow := map[string]bool{}
	for _, s := range rules.SlowHeart {
		slow[s.Reason.Snomed] = true
	}
	r := review5Population(t)
	keyOf := r.conditionKeys()
	lvef := r.snomed("lvef")
	reduced, without, coded := 0, 0, 0
	for pid := range r.patients {
		hf := r.has(pid, "heart_failure")
		explained := false
		for _, o := range r.obsOf[pid] {
			if e := r.encs[o.EncounterID]; hf == nil && e != nil && e.ReasonConditionID != "" && keyOf[e.ReasonConditionID] != "heart_failure" {
				// another pathway's decline with the same code, at its own
				// review (dapagliflozin in CKD, allopurinol in gout: session 54)
				continue
			}
			if reasons[o.SnomedCode] {
				coded++
				explained = true
				if hf == nil {
					t.Errorf("%s: %q coded on %s with no heart failure", pid, o.Description, o.EffectiveTime.Date())
				}
			}
			explained = explained || slow[o.ValueCode]
		}
		if hf == nil {
			continue
		}
		var ef float64
		seen := false
		for _, o := range r.obsOf[pid] {
			if o.SnomedCode == lvef && o.Value != nil {
				ef, seen = *o.Value, true
			}
		}
		if !seen || ef > 40 {
			continue
		}
		reduced++
		given := false
		for _, rx := range r.rxOf[pid] {
			given = given || datasets.InClass(medicineOf(rx), "beta_blocker") && (rx.EndDate == models.NoDate || rx.EndDate >= hf.OnsetDate)
		}
		if !given {
			without++
			if !explained {
				t.Errorf("%s: heart failure from %s, ejection fraction %.0f%%, never a beta-blocker and no reason recorded", pid, hf.OnsetDate, ef)
			}
		}
	}
	t.Logf("%d people with a reduced ejection fraction, %d never given a beta-blocker after the diagnosis; %d reasons coded", reduced, without, coded)
	enough(t, reduced, 30, "people with heart failure and a reduced ejection fraction")
	enough(t, coded, 3, "reasons coded for no beta-blocker in heart failure")
}
