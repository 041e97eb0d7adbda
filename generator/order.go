package generator

import (
	"math/bits"
	"slices"
)

// orderBy puts rows in the order of their keys, ties keeping their current
// order. Moving large row structs inside a sort is what made sorting slow;
// here only packed (key, index) words are sorted, then the rows are moved
// into place along the permutation's cycles: a row already in place is not
// touched and every other row is moved once (a patient's rows are mostly in
// order, and copying them all out and back cost two moves a row, with the
// collector's write barriers on each while it marks). Keys must be below
// 2^43 (seconds since 1800 fit).
func orderBy[T any](rows []T, key func(*T) int64, keys *[]uint64) {
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
	*keys = ks
	if !sorted {
		moveInto(rows, sortPacked(ks))
	}
}

// moveInto moves rows so that rows[i] becomes the row whose index is in the
// low 20 bits of ks[i]. It overwrites those bits of ks, marking each
// position filled by setting its own index.
func moveInto[T any](rows []T, ks []uint64) {
	const mask = 1<<20 - 1
	for i := range ks {
		if int(ks[i]&mask) == i {
			continue // in place, or filled by an earlier cycle
		}
		held := rows[i]
		j := i
		for {
			from := int(ks[j] & mask)
			ks[j] = ks[j]&^mask | uint64(j)
			if from == i {
				rows[j] = held
				break
			}
			rows[j] = rows[from]
			j = from
		}
	}
}

// radixFrom is the length from which sortPacked uses a radix sort: below it
// a comparison sort of a few dozen words is cheaper than the radix passes'
// bucket counts.
const radixFrom = 96

// sortPacked sorts distinct packed words ascending and returns them (in ks's
// storage, which must have room for twice its length). The words must come
// in ascending order of their low 20 bits, as orderBy makes them (the row
// index). Long runs are sorted by least-significant-digit radix on the bits
// that differ between words, 8 bits a pass, skipping passes in which every
// word has the same digit. A radix sort is stable and the words arrive in
// index order, so the index's own bits need no pass: words whose higher bits
// tie stay in index order. That saves one or two of a patient's five to
// seven passes.
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
	differ &^= 1<<16 - 1 // the index's bits below the first byte that can hold key bits
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
