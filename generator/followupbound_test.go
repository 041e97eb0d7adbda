package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestFollowUpBoundIsFollowedUpOnsWindow checks the plan's follow-up bound by
// presentation (followupbound.go) against followedUpOn itself, for every
// presentation, episodes with and without a drawn duration, and each day from
// the onset to past the bound: gpKnownProblem passes over an episode past the
// bound without asking followedUpOn, so a contact followedUpOn would let see
// an episode past it would change the record. The bound must also be reached
// (a window's last day), or it passes over less than it could.
func TestFollowUpBoundIsFollowedUpOnsWindow(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	per := &person{episodes: make([]episode, len(p.presentations))}
	const onset = models.Date(20_000)
	checked, reached := 0, 0
	for pi := range p.presentations {
		for _, days := range []models.Date{0, 1, 7, 90, 400, 1_000} {
			per.episodes[pi] = episode{id: "x", onset: onset, until: onset + days, days: days}
			dur := w.acuteLength(per, pi)
			bound := max(days, p.followUpBound[pi])
			for gap := models.Date(0); gap <= bound+3; gap++ {
				open := w.followedUpOn(per, pi, dur, onset+gap)
				if gap > bound && open {
					t.Fatalf("presentation %s, episode of %d days: followed up %d days after onset, past the bound %d",
						p.presentations[pi].Key, days, gap, bound)
				}
				if days == 0 && gap == bound && open {
					reached++
				}
				checked++
			}
		}
	}
	if reached != len(p.presentations) {
		t.Errorf("%d of %d presentations' bounds are a window's last day (the others pass over less than they could)", reached, len(p.presentations))
	}
	t.Logf("%d days of %d presentations checked", checked, len(p.presentations))
}
