// Checks for the treatment findings of the ninth GP review (docs/clinical-model.md,
// "Heart failure treatment, specialist-started methotrexate and diagnoses at
// plausible ages (ninth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestHeartFailureBetaBlockerWithoutACEInhibitorLine: a man with CKD on
// ramipril was diagnosed with heart failure; his ramipril was raised and
// nothing else followed: no beta-blocker, no diuretic. The untreated share
// of heart failure (its reasons: ACE inhibitor contraindicated or declined)
// started no line at all, and someone already on an ACE inhibitor for
// another reason records no reason either. NICE NG106 1.4 offers an ACE
// inhibitor AND a beta-blocker: with first_line_only, declining the first
// is not declining the rest. On generate -n 20000 -s 5, 8 of 31 people
// with the reason coded had a beta-blocker (for AF) before, 29 after.
func TestHeartFailureBetaBlockerWithoutACEInhibitorLine(t *testing.T) {
	r := review5Population(t)
	c, _ := r.p.Cat.Condition("heart_failure")
	if c.Untreated == nil || !c.Untreated.FirstLineOnly {
		t.Fatal("heart failure's untreated reasons are not marked first_line_only")
	}
	reason := map[string]bool{}
	for _, u := range c.Untreated.Reasons {
		reason[u.Snomed] = true
	}
	coded, onBeta := 0, 0
	for id := range r.patients {
		hf := r.has(id, "heart_failure")
		if hf == nil {
			continue
		}
		declined := false
		for _, o := range r.obsOf[id] {
			declined = declined || reason[o.ValueCode]
		}
		if !declined {
			continue
		}
		coded++
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "beta_blocker") && rx.StartDate >= hf.OnsetDate-365 {
				onBeta++
				break
			}
		}
	}
	enough(t, coded, 15, "people with heart failure and an ACE inhibitor declined or contraindicated")
	t.Logf("%d of %d with an ACE inhibitor declined or contraindicated have a beta-blocker", onBeta, coded)
	if 3*onBeta < 2*coded {
		t.Fatalf("%d of %d with an ACE inhibitor declined or contraindicated have a beta-blocker, want two in three or more", onBeta, coded)
	}
}
