package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
)

// TestPersonStreamIsNewStream checks that a person's stream (the seed and
// index hashed once, personstream.go) draws what NewStream keyed by the seed,
// the index and the same parts draws, also when the person is reused for
// another index or another seed: a stale key would move every draw.
func TestPersonStreamIsNewStream(t *testing.T) {
	var per person
	for _, c := range []struct {
		seed  uint64
		index int64
		parts []uint64
	}{
		{83, 0, []uint64{purposeCare}},
		{83, 0, []uint64{purposeActivity, 2019}},
		{83, 7, []uint64{purposeActivity, 2019}}, // the next patient
		{97, 7, []uint64{purposeActivity, 2019}}, // another run's seed
		{97, 7, nil},
		{1, 123456, []uint64{purposeExtraReadings, 3, 9}},
	} {
		per.index = c.index
		got := per.stream(c.seed, c.parts...)
		want := distributions.NewStream(append([]uint64{c.seed, uint64(c.index)}, c.parts...)...)
		for k := 0; k < 4; k++ {
			if g, w := got.Uint64(), want.Uint64(); g != w {
				t.Fatalf("seed %d index %d parts %v: draw %d is %x, NewStream's %x", c.seed, c.index, c.parts, k, g, w)
			}
		}
	}
}
