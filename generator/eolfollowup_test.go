package generator

import (
	"testing"
)

// TestNoReviewAfterStayIntoEndOfLifeCare: a stroke admitted over the planned
// start of end-of-life care was followed up after discharge with a routine
// review the day after the palliative care register entry (hard rule
// review-after-end-of-life-care; generate -n 30000 -s 67, the 15,685th
// person, and -s 79, the 23,518th). The follow-up moved past the stay into
// the care is a GP contact about the problem, not a review.
func TestNoReviewAfterStayIntoEndOfLifeCare(t *testing.T) {
	for _, c := range []struct {
		seed  uint64
		index int64
	}{{67, 15684}, {79, 23517}} {
		p := testPlan(t, 30000, func(o *Options) { o.Seed = c.seed })
		r := realismOf(p, generateAll(t, p, c.index, c.index+1))
		review := p.encTypes[encChronicReview].Code
		reg := p.Cat.EndOfLife.Register.Key
		for id := range r.patients {
			entry := r.has(id, reg)
			if entry == nil || r.has(id, "stroke_tia") == nil {
				t.Fatalf("seed %d person %d: no longer a stroke on the palliative care register; the test reads another person", c.seed, c.index)
			}
			for _, e := range r.encs {
				if e.PatientID == id && e.TypeCode == review && e.StartTime.Date() >= entry.OnsetDate {
					t.Errorf("seed %d person %d: a routine review on %s, after the register entry of %s", c.seed, c.index, e.StartTime.Date(), entry.OnsetDate)
				}
			}
		}
	}
}
