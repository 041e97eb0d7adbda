package generator

import "github.com/code4health/cohortgen/distributions"

// streamKey is distributions.Key(seed, index) of the person it was made
// for. Nearly every random stream of a person is keyed by the run's seed,
// the person's index and a purpose (with a year, a day or an entry after
// it); hashing the seed and the index again at each of a patient's
// thousands of streams was about two thirds of distributions.Key's share of
// the CPU (stop 65, h65g: about 1.3%).
type streamKey struct {
	seed, key uint64
	index     int64
	set       bool
}

// stream is distributions.NewStream(seed, uint64(per.index), parts...),
// the seed and index hashed once. The key is remade whenever the seed or
// the index differs from the one it was made for (a person emptied for
// the next patient, a test's person), so it is never stale.
func (per *person) stream(seed uint64, parts ...uint64) distributions.Stream {
	k := &per.keyed
	if !k.set || k.seed != seed || k.index != per.index {
		*k = streamKey{seed: seed, key: distributions.Key(seed, uint64(per.index)), index: per.index, set: true}
	}
	return distributions.StreamFrom(k.key, parts...)
}
