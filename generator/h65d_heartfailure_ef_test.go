package generator

import (
	"sort"
	"testing"
)

// h65d: heart failure's ejection fraction is state read with a
// measurement's noise. Before, 66 of 73 repeat echocardiograms read exactly
// what the one before did (generate -n 20000 -s 83); a GP reads an
// unchanging number as a copied result. Now each reading once heart failure
// is held carries a noise of sd 4 points (within an individual's day-to-day
// limits of +/-10, Gordon et al., JACC 1983), never across 40% on its own
// (catalogue heart_failure level_course). Bound: at most a third of repeats
// identical (a noise of sd 4 on each of a pair rounds to the same whole
// percent about 1 time in 10; a heart attack's stay that diagnosed it reads
// without it).
func TestRepeatEchocardiogramVaries(t *testing.T) {
	r := review5Population(t)
	lvef := r.snomed("lvef")
	repeats, identical := 0, 0
	for id := range r.patients {
		if r.has(id, "heart_failure") == nil {
			continue
		}
		ef := r.values(id, lvef)
		sort.Slice(ef, func(i, j int) bool { return ef[i].EffectiveTime < ef[j].EffectiveTime })
		for i := 1; i < len(ef); i++ {
			repeats++
			if *ef[i].Value == *ef[i-1].Value {
				identical++
			}
		}
	}
	enough(t, repeats, 30, "repeat ejection fraction readings in heart failure")
	t.Logf("%d of %d repeat ejection fraction readings identical", identical, repeats)
	if identical*3 > repeats {
		t.Errorf("%d of %d repeat ejection fraction readings identical to the one before (want a third or fewer: a repeat echocardiogram varies)", identical, repeats)
	}
}
