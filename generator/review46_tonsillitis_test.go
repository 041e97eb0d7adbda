// Checks for the forty-sixth stop: acute tonsillitis is treated with
// phenoxymethylpenicillin (clarithromycin with a penicillin allergy) at
// about the share UK practices prescribe for a sore throat. Before, none
// of 2,425 episodes had an antibiotic (generate -n 5000 -s 23).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestTonsillitisIsOftenTreatedWithPenicillin: about six in ten episodes
// of acute tonsillitis have an antibiotic (Gulliford et al. 2014: about 60%
// of sore-throat consultations), phenoxymethylpenicillin unless the child
// or adult is allergic to penicillin (NICE NG84), as a liquid under 12.
func TestTonsillitisIsOftenTreatedWithPenicillin(t *testing.T) {
	r := review5Population(t)
	episodes, treated := 0, 0
	for id, conds := range r.condsOf {
		pt := r.patients[id]
		for _, c := range conds {
			if c.ConditionKey != "acute_tonsillitis" {
				continue
			}
			episodes++
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID != c.ConditionID {
					continue
				}
				treated++
				key := medKey(rx)
				if key != "phenoxymethylpenicillin" && key != "clarithromycin" {
					t.Errorf("patient %s: tonsillitis treated with %s", id, rx.Medication)
				}
				reg, _ := datasets.RegimenByDMD(rx.DMDCode)
				if age := ageOnDay(pt, rx.StartDate); (age < 12) != (reg.Form == "liquid") {
					t.Errorf("patient %s: %s (%s) at %d", id, rx.Medication, reg.Form, age)
				}
				break
			}
		}
	}
	enough(t, episodes, 2000, "episodes of acute tonsillitis")
	if share := float64(treated) / float64(episodes); share < 0.45 || share > 0.75 {
		t.Errorf("%d of %d episodes of acute tonsillitis (%.0f%%) with an antibiotic, want 45-75%%", treated, episodes, 100*share)
	}
}
