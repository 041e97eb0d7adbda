// Checks for the eighteenth review's readings at a measurement's floor
// (docs/clinical-model.md, "Readings at the floor (eighteenth review)").
package generator

import "testing"

// TestSoftFloorsHoldNoPile: a measurement with a soft minimum (catalogue
// soft_min) keeps its lowest readings off the floor: a clamp piles them on
// it (81 peak flows of 60 L/min on generate -n 20000 -s 5 before peak flow
// had one), which a clinician reads as a meter stuck at its end. A reading
// that rounds to the floor is a real value: no more of them than of the
// next value up.
func TestSoftFloorsHoldNoPile(t *testing.T) {
	r := review5Population(t)
	// Lung function's floors are the ends of the meters' scales, not
	// readings: both must be soft. So is the white cell count's (brief
	// h52e: 9 counts of exactly 1.5 on generate -n 20000 -s 5, 3 after).
	for _, key := range []string{"peak_flow", "fev1", "wbc"} {
		if m := r.p.obsModels[r.p.obsIndex[key]]; m == nil || !m.SoftMin {
			t.Errorf("%s has no soft minimum (catalogue soft_min)", key)
		}
	}
	for slot, m := range r.p.obsModels {
		if m == nil || !m.SoftMin {
			continue
		}
		code := r.p.obsCodes[slot].Snomed
		step := 1 / r.p.obsScale[slot]
		n, floor, next := 0, 0, 0
		for i := range r.b.Observations {
			o := &r.b.Observations[i]
			if o.SnomedCode != code || o.Value == nil {
				continue
			}
			n++
			switch v := *o.Value; {
			case v <= m.Min:
				floor++
			case v <= m.Min+step*1.001:
				next++
			}
		}
		enough(t, n, 1000, r.p.obsCodes[slot].Key+" readings")
		t.Logf("%s: %d readings, %d at the floor %g, %d at %g", r.p.obsCodes[slot].Key, n, floor, m.Min, next, m.Min+step)
		if floor > next+3 {
			t.Errorf("%s: %d of %d readings at the floor %g and %d at %g: piled on the floor", r.p.obsCodes[slot].Key, floor, n, m.Min, next, m.Min+step)
		}
	}
}
