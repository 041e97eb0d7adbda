package generator

import (
	"math/bits"
	"slices"
)

// orderBy puts rows in the order of their keys, ties keeping their current
// order. Moving large row structs inside a sort is what made sorting slow;
// here only packed (key, index) words are sorted and each row is moved once.
// Keys must be below 2^43 (seconds since 1800 fit).
func orderBy[T any](rows []T, key func(*T) int64, keys *[]uint64, scratch *[]T) {
	if len(rows) < 2 {
		return
	}
	ks := slices.Grow((*keys)[:0], 2*len(rows)) // room for sortPacked's second buffer
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
	if sorted {
		*keys = ks
		return
	}
	ks = sortPacked(ks)
	*keys = ks
	tmp := append((*scratch)[:0], rows...)
	for i, k := range ks {
		rows[i] = tmp[k&(1<<20-1)]
	}
	*scratch = tmp[:0]
}

// radixFrom is the length from which sortPacked uses a radix sort: below it
// a comparison sort of a few dozen words is cheaper than the radix passes'
// bucket counts.
const radixFrom = 96

// sortPacked sorts distinct packed words ascending and returns them (in ks's
// storage, which must have room for twice its length). Long runs are sorted
// by least-significant-digit radix on the bits that differ between words,
// 8 bits a pass, skipping passes in which every word has the same digit; the
// words are distinct, so any correct sort gives the same order.
func sortPacked(ks []uint64) []uint64 {
	n := len(ks)
	if n < radixFrom {
		slices.Sort(ks)
		return ks
	}
	var differ uint64
	for _, k := range ks[1:] {
		differ |= k ^ ks[0]
	}
	src := ks
	dst := slices.Grow(ks[n:n], n)[:n]
	var count [256]int
	for shift := bits.TrailingZeros64(differ) &^ 7; shift < 64 && differ>>shift != 0; shift += 8 {
		if (differ>>shift)&0xff == 0 {
			continue
		}
		count = [256]int{}
		for _, k := range src {
			count[(k>>shift)&0xff]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, k := range src {
			d := (k >> shift) & 0xff
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ks[0] {
		copy(ks, src)
	}
	return ks
}

// sortEpoch is the origin of sort keys: 1800-01-01 in Unix seconds.
const sortEpoch = -5364662400

func secondsKey(us int64) int64 { return us/1_000_000 - sortEpoch }
