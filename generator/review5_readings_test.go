package generator

import (
	"testing"
)

// TestSystolicDoesNotPileOnItsFloor: a GP review found systolic readings
// piling on the floor of 80. The lowest usual levels approach it ever more
// slowly (soft_min), so no more readings sit at 80 than just above it.
func TestSystolicDoesNotPileOnItsFloor(t *testing.T) {
	r := review5Population(t)
	slot := r.p.slots.systolic
	code := r.p.obsCodes[slot].Snomed
	floor := r.p.obsModels[slot].Min
	at, above := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != code || o.Value == nil {
			continue
		}
		switch v := *o.Value; {
		case v == floor:
			at++
		case v > floor && v <= floor+3:
			above++
		}
	}
	if above < 10 {
		t.Fatalf("only %d systolic readings just above %v: the test tests nothing", above, floor)
	}
	if float64(at) > 2*float64(above)/3 {
		t.Errorf("%d systolic readings at the floor %v against %d at %v-%v (a pile on the floor)", at, floor, above, floor+1, floor+3)
	}
}
