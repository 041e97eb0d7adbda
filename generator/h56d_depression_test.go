package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestRecoveredDepressionIsResolved: a PHQ-9 score below the remission
// level at a review of a depression, after one below it before, with no
// antidepressant for it running, means the GP codes it resolved there
// (catalogue depression remission sustained_readings; brief h56d). Before,
// an episode drawn never to end stayed active beside scores of 2-4 at review
// after review (12 people alive on generate -n 20000 -s 83 with their last
// two scores below 5 and no antidepressant in the half-year before).
func TestRecoveredDepressionIsResolved(t *testing.T) {
	r := pathwayPopulation(t)
	rm := r.p.conds[r.p.condIndex["depression"]].Remission
	if rm == nil {
		t.Fatal("depression has no remission")
	}
	phq9 := r.snomed("phq9")
	review := r.p.encTypes[encChronicReview].Code
	pairs, resolved := 0, 0
	for id := range r.patients {
		scores := r.byTime(r.values(id, phq9))
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "depression" {
				continue
			}
			for k := 1; k < len(scores); k++ {
				prev, o := scores[k-1], scores[k]
				d := o.EffectiveTime.Date()
				if c.ResolvedDate != models.NoDate && d > c.ResolvedDate {
					break
				}
				e := r.encs[o.EncounterID]
				if prev.EffectiveTime.Date() < c.OnsetDate || e == nil || e.ReasonConditionID != c.ConditionID || e.TypeCode != review ||
					*prev.Value >= rm.Below || *o.Value >= rm.Below {
					continue
				}
				onDrug := false
				for _, rx := range r.rxOf[id] {
					onDrug = onDrug || rx.ConditionID == c.ConditionID && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d)
				}
				if onDrug {
					continue
				}
				pairs++
				if c.ResolvedDate != models.NoDate && c.ResolvedDate <= d {
					resolved++
				}
				break // the first such pair of the episode
			}
		}
	}
	t.Logf("%d of %d depression episodes with two review scores in a row below %.0f off an antidepressant resolved by the second", resolved, pairs, rm.Below)
	enough(t, pairs, 20, "depression episodes with two review scores in a row in remission")
	if share := float64(resolved) / float64(pairs); share < 0.9 {
		t.Errorf("%d of %d depression episodes with two review scores in a row below %.0f off an antidepressant were resolved by the second (%.0f%%), want 90%% or more", resolved, pairs, rm.Below, 100*share)
	}
}
