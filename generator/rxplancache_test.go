package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// The cache in front of medPlanByDMD must answer as the map does whatever
// the order of the look-ups: every product code of the catalogue (64 slots
// for over a hundred codes, so slots are shared and overwritten), asked in
// the catalogue's order, then backwards, then a code no regimen names (nil).
func TestRxPlanAnswersAsThePlansMap(t *testing.T) {
	p := testPlan(t, 1000, nil)
	w := newWorker(p)
	var codes []string
	for code := range p.medPlanByDMD {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	if len(codes) <= len(w.rxPlans) {
		t.Fatalf("only %d product codes: the test needs more than the cache's %d slots to share slots", len(codes), len(w.rxPlans))
	}
	codes = append(codes, "999999999999999", "1234")
	ask := func(pass string, order []string) {
		wrong := 0
		for _, code := range order {
			if got := w.rxPlan(&models.Prescription{DMDCode: code}); got != p.medPlanByDMD[code] {
				wrong++
				t.Errorf("%s: code %s: rxPlan gave a different plan from medPlanByDMD", pass, code)
			}
		}
		if wrong > 0 {
			t.Errorf("%s: %d of %d codes answered wrongly", pass, wrong, len(order))
		}
	}
	ask("forwards", codes)
	slices.Reverse(codes)
	ask("backwards", codes)
	ask("again", codes)
}
