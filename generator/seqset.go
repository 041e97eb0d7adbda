package generator

// seqSet is a set of one person's row ids, one bit per sequence number
// (rowSeq: every row id of a person has its own). It stands where a
// map[string]bool of ids was made for each person (the encounters recording
// something, a child's measured check-ups): those maps' buckets and growth
// were a tenth of the generator's allocation (issue 17, stop 49). Its
// memory is kept from person to person (clear empties it).
type seqSet struct {
	bits []uint64
}

// clear empties the set for ids below sequence number n, keeping its memory.
func (ss *seqSet) clear(n uint64) {
	words := int(n/64) + 1
	if cap(ss.bits) < words {
		ss.bits = make([]uint64, words)
	}
	ss.bits = ss.bits[:words]
	clear(ss.bits)
}

// add puts id in the set; a string that is no row id ("": a row at no
// encounter) is left out, as has never asks for it.
func (ss *seqSet) add(id string) {
	k := rowSeq(id)
	if k < 0 {
		return
	}
	for k/64 >= len(ss.bits) {
		ss.bits = append(ss.bits, 0)
	}
	ss.bits[k/64] |= 1 << (k % 64)
}

// has reports whether id is in the set.
func (ss *seqSet) has(id string) bool {
	k := rowSeq(id)
	return k >= 0 && k/64 < len(ss.bits) && ss.bits[k/64]&(1<<(k%64)) != 0
}
