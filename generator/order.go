package generator

import "slices"

// orderBy puts rows in the order of their keys, ties keeping their current
// order. Moving large row structs inside a sort is what made sorting slow;
// here only packed (key, index) words are sorted and each row is moved once.
// Keys must be below 2^43 (seconds since 1800 fit).
func orderBy[T any](rows []T, key func(*T) int64, keys *[]uint64, scratch *[]T) {
	if len(rows) < 2 {
		return
	}
	ks := (*keys)[:0]
	sorted := true
	var prev int64
	for i := range rows {
		k := key(&rows[i])
		if i > 0 && k < prev {
			sorted = false
		}
		prev = k
		ks = append(ks, uint64(k)<<20|uint64(i))
	}
	*keys = ks
	if sorted {
		return
	}
	slices.Sort(ks)
	tmp := append((*scratch)[:0], rows...)
	for i, k := range ks {
		rows[i] = tmp[k&(1<<20-1)]
	}
	*scratch = tmp[:0]
}

// sortEpoch is the origin of sort keys: 1800-01-01 in Unix seconds.
const sortEpoch = -5364662400

func secondsKey(us int64) int64 { return us/1_000_000 - sortEpoch }
