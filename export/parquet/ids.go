package parquet

import (
	"math/bits"
	"slices"
	"unsafe"

	"github.com/parquet-go/parquet-go/format"

	"github.com/code4health/cohortgen/models"
)

// prefixedStrings holds ids for DELTA_BYTE_ARRAY: each value as the length
// of the prefix it shares with the value before it, and the rest. A
// patient's rows are consecutive and their ids share the patient id's first
// 24 characters, so most ids cost their last two or three characters and
// need no compression (generator/ids.go).
//
// The prefix shared with the value before is also what keeps the page's
// bounds (neighbourBounds), and a reference repeated from the row before
// (a child table's patient_id, an observation's encounter_id) is the same
// Go string, so it is recognised by its address without reading its bytes.
type prefixedStrings struct {
	offset   uintptr
	nullable bool // "" is null
	prefix   []int32
	suffix   []int32 // lengths of the rest
	data     []byte  // the rests
	prev     string
	nb       neighbourBounds
	scratch  []byte
}

func (b *prefixedStrings) appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) int {
	nulls := 0
	for i := 0; i < n; i++ {
		s, ok := presentString(base, stride, i, b.offset, b.nullable, defs)
		if !ok {
			nulls++
			continue
		}
		if len(s) != 0 && len(s) == len(b.prev) && unsafe.StringData(s) == unsafe.StringData(b.prev) {
			// The value of the row before, again: all prefix, no
			// rest, and the bounds already hold it.
			b.prefix = append(b.prefix, int32(len(s)))
			b.suffix = append(b.suffix, 0)
			continue
		}
		p := commonPrefix(b.prev, s)
		b.nb.add(s, b.prev, p)
		b.prefix = append(b.prefix, int32(p))
		b.suffix = append(b.suffix, int32(len(s)-p))
		b.data = append(b.data, s[p:]...)
		b.prev = s
	}
	return nulls
}

func (b *prefixedStrings) encode(dst []byte) []byte {
	return encodeDeltaByteArray(dst, &b.scratch, b.prefix, b.suffix, b.data)
}

// encodeDeltaByteArray writes a DELTA_BYTE_ARRAY page body: the prefix
// lengths and suffix lengths, delta-encoded, then the suffixes' bytes.
func encodeDeltaByteArray(dst []byte, scratch *[]byte, prefix, suffix []int32, data []byte) []byte {
	*scratch, _ = deltaBinary.EncodeInt32((*scratch)[:0], prefix)
	dst = append(dst, *scratch...)
	*scratch, _ = deltaBinary.EncodeInt32((*scratch)[:0], suffix)
	dst = append(dst, *scratch...)
	return append(dst, data...)
}

func (b *prefixedStrings) encoding() format.Encoding { return format.DeltaByteArray }

func (b *prefixedStrings) bounds(min, max []byte) ([]byte, []byte, bool) {
	return b.nb.appendTo(min, max)
}

func (b *prefixedStrings) reset() {
	b.prefix, b.suffix, b.data = b.prefix[:0], b.suffix[:0], b.data[:0]
	b.prev = ""
	b.nb = neighbourBounds{}
}

// commonPrefix returns the length of the longest common prefix of a and b,
// comparing eight bytes at a time.
func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	pa, pb := unsafe.Pointer(unsafe.StringData(a)), unsafe.Pointer(unsafe.StringData(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		x := *(*uint64)(unsafe.Add(pa, i)) ^ *(*uint64)(unsafe.Add(pb, i))
		if x != 0 {
			return i + bits.TrailingZeros64(x)/8 // little-endian: the first byte is the lowest
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// neighbourBounds tracks the minimum and maximum of a page of strings that
// arrive with the length of the prefix each shares with the one before it.
// That prefix orders a value against the one before by a single byte, so a
// value is compared with the minimum or the maximum only when it moves
// towards it from a value that is not already there: a patient's ids, which
// share 24 characters and mostly rise, cost one byte comparison each once
// the patient holds the page's maximum, and one comparison of heads (first
// eight bytes, known from the value before) otherwise.
type neighbourBounds struct {
	min, max             string
	minHead, maxHead     uint64
	prevHead             uint64 // head of the value before
	prevIsMin, prevIsMax bool   // the value before equals min / max
	has                  bool
}

// add records s, which shares its first p bytes with prev, the value added
// before it ("" for the first).
func (b *neighbourBounds) add(s, prev string, p int) {
	h := b.prevHead
	if p < 8 {
		h = head(s) // else s starts with prev's first eight bytes
	}
	b.prevHead = h
	if !b.has {
		b.min, b.max, b.minHead, b.maxHead = s, s, h, h
		b.prevIsMin, b.prevIsMax, b.has = true, true, true
		return
	}
	switch orderAfterPrefix(s, prev, p) {
	case 1: // s > prev >= min
		b.prevIsMin = false
		if b.prevIsMax || h > b.maxHead || (h == b.maxHead && s >= b.max) {
			b.max, b.maxHead, b.prevIsMax = s, h, true
		}
	case -1: // s < prev <= max
		b.prevIsMax = false
		if b.prevIsMin || h < b.minHead || (h == b.minHead && s <= b.min) {
			b.min, b.minHead, b.prevIsMin = s, h, true
		}
	}
}

// orderAfterPrefix compares a and b, which share exactly their first p
// bytes (commonPrefix), by the byte after it.
func orderAfterPrefix(a, b string, p int) int {
	switch {
	case p < len(a) && p < len(b):
		if a[p] > b[p] {
			return 1
		}
		return -1
	case len(a) > len(b): // b is a prefix of a
		return 1
	case len(a) < len(b):
		return -1
	}
	return 0
}

func (b *neighbourBounds) appendTo(min, max []byte) ([]byte, []byte, bool) {
	if !b.has {
		return min, max, false
	}
	return append(min, b.min...), append(max, b.max...), true
}

// idValues holds a models.ID column for DELTA_BYTE_ARRAY, as prefixedStrings
// holds a string id column, but from the integers: the prefix an id shares
// with the one before is counted on the integers (models.CommonPrefix), only
// the rest of the id is formatted, straight into the page
// (models.ID.AppendFrom), and the page's bounds are the
// least and greatest ids (formatted ids order as the integers do). The zero
// ID is null in a nullable column, else the empty string.
type idValues struct {
	offset   uintptr
	nullable bool
	prefix   []int32
	suffix   []int32
	data     []byte
	prev     models.ID
	min, max models.ID
	has      bool
	scratch  []byte
}

func (b *idValues) appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) int {
	nulls := 0
	b.data = slices.Grow(b.data, n*models.IDLen)
	for i := 0; i < n; i++ {
		id := at[models.ID](base, stride, i, b.offset)
		if b.nullable {
			if id.IsZero() {
				nulls++
				continue
			}
			defs[i] = 1
		}
		if !b.has {
			b.min, b.max, b.has = id, id, true
		} else if id.Less(b.min) {
			b.min = id
		} else if b.max.Less(id) {
			b.max = id
		}
		p := models.CommonPrefix(b.prev, id)
		b.prev = id
		b.prefix = append(b.prefix, int32(p))
		if id.IsZero() {
			b.suffix = append(b.suffix, 0)
			continue
		}
		b.suffix = append(b.suffix, int32(models.IDLen-p))
		b.data = id.AppendFrom(b.data, p)
	}
	return nulls
}

func (b *idValues) encode(dst []byte) []byte {
	return encodeDeltaByteArray(dst, &b.scratch, b.prefix, b.suffix, b.data)
}

func (b *idValues) encoding() format.Encoding { return format.DeltaByteArray }

func (b *idValues) bounds(min, max []byte) ([]byte, []byte, bool) {
	if !b.has {
		return min, max, false
	}
	return b.min.AppendTo(min), b.max.AppendTo(max), true
}

func (b *idValues) reset() {
	b.prefix, b.suffix, b.data = b.prefix[:0], b.suffix[:0], b.data[:0]
	b.prev, b.min, b.max, b.has = models.ID{}, models.ID{}, models.ID{}, false
}
