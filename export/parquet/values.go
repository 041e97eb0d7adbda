package parquet

import (
	"encoding/binary"
	"math"
	"slices"
	"unsafe"

	"github.com/parquet-go/parquet-go/encoding/delta"
	"github.com/parquet-go/parquet-go/format"
)

// pageValues holds the present (non-null) values of one column in the page
// being filled, in the column's physical form, with their bounds. Each kind
// of column has its own; column (column.go) adds the definition levels and
// turns pages into bytes.
type pageValues interface {
	// appendRows copies the values of n rows that start at base and are
	// stride bytes apart. For a nullable column it sets defs[i] to 1 for
	// each present value and returns how many were null.
	appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) (nulls int)
	// encode appends the page's values to dst in the column's encoding.
	encode(dst []byte) []byte
	// encoding is the encoding encode uses.
	encoding() format.Encoding
	// bounds appends the page's minimum and maximum in PLAIN form; ok is
	// false when the page has no values.
	bounds(min, max []byte) (minOut, maxOut []byte, ok bool)
	// reset empties the page.
	reset()
}

// Encoders from parquet-go: DELTA_BINARY_PACKED and DELTA_LENGTH_BYTE_ARRAY.
var (
	deltaBinary  delta.BinaryPackedEncoding
	deltaLengths delta.LengthByteArrayEncoding
)

// at returns the field at offset off of row i.
func at[E any](base unsafe.Pointer, stride uintptr, i int, off uintptr) E {
	return *(*E)(unsafe.Add(base, uintptr(i)*stride+off))
}

// presentString returns the string field at offset off of row i; in a
// nullable column "" is null (ok false), and a present value sets defs[i].
func presentString(base unsafe.Pointer, stride uintptr, i int, off uintptr, nullable bool, defs []uint8) (s string, ok bool) {
	s = at[string](base, stride, i, off)
	if nullable {
		if s == "" {
			return s, false
		}
		defs[i] = 1
	}
	return s, true
}

// byteArrays holds strings for DELTA_LENGTH_BYTE_ARRAY: all the bytes, and
// where each value starts.
type byteArrays struct {
	offset   uintptr
	nullable bool // "" is null
	data     []byte
	offs     []uint32 // len values+1, offs[0] == 0
	sb       stringBounds
	scratch  []byte
}

func newByteArrays(offset uintptr, nullable bool) *byteArrays {
	return &byteArrays{offset: offset, nullable: nullable, offs: []uint32{0}}
}

func (b *byteArrays) appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) int {
	nulls := 0
	for i := 0; i < n; i++ {
		s, ok := presentString(base, stride, i, b.offset, b.nullable, defs)
		if !ok {
			nulls++
			continue
		}
		b.add(s)
	}
	return nulls
}

func (b *byteArrays) add(s string) {
	b.sb.add(s)
	b.data = append(b.data, s...)
	b.offs = append(b.offs, uint32(len(b.data)))
}

func (b *byteArrays) encode(dst []byte) []byte {
	// The encoder writes from the start of its destination.
	b.scratch, _ = deltaLengths.EncodeByteArray(b.scratch[:0], b.data, b.offs)
	return append(dst, b.scratch...)
}

func (b *byteArrays) encoding() format.Encoding { return format.DeltaLengthByteArray }

func (b *byteArrays) bounds(min, max []byte) ([]byte, []byte, bool) {
	return b.sb.appendTo(min, max)
}

func (b *byteArrays) reset() {
	b.data = b.data[:0]
	b.offs = b.offs[:1]
	b.sb.reset()
}

// deltaInts holds integers for DELTA_BINARY_PACKED: INT64 (integers and
// timestamps, never nullable) or INT32 (dates, days since 1970; in a
// nullable column the zero date is null).
type deltaInts[E int32 | int64] struct {
	offset   uintptr
	nullable bool
	vals     []E
	min, max E
	scratch  []byte
}

func (v *deltaInts[E]) appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) int {
	nulls := 0
	for i := 0; i < n; i++ {
		x := at[E](base, stride, i, v.offset)
		if v.nullable {
			if x == 0 {
				nulls++
				continue
			}
			defs[i] = 1
		}
		if len(v.vals) == 0 {
			v.min, v.max = x, x
		} else if x < v.min {
			v.min = x
		} else if x > v.max {
			v.max = x
		}
		v.vals = append(v.vals, x)
	}
	return nulls
}

func (v *deltaInts[E]) encode(dst []byte) []byte {
	switch vals := any(v.vals).(type) {
	case []int32:
		v.scratch, _ = deltaBinary.EncodeInt32(v.scratch[:0], vals)
	case []int64:
		v.scratch, _ = deltaBinary.EncodeInt64(v.scratch[:0], vals)
	}
	return append(dst, v.scratch...)
}

func (v *deltaInts[E]) encoding() format.Encoding { return format.DeltaBinaryPacked }

func (v *deltaInts[E]) bounds(min, max []byte) ([]byte, []byte, bool) {
	if len(v.vals) == 0 {
		return min, max, false
	}
	return appendPlainInt(min, v.min), appendPlainInt(max, v.max), true
}

func (v *deltaInts[E]) reset() { v.vals = v.vals[:0] }

// appendPlainInt appends x in PLAIN form: 4 or 8 bytes, little-endian.
func appendPlainInt[E int32 | int64](dst []byte, x E) []byte {
	if unsafe.Sizeof(x) == 4 {
		return binary.LittleEndian.AppendUint32(dst, uint32(x))
	}
	return binary.LittleEndian.AppendUint64(dst, uint64(x))
}

// doubles holds DOUBLE values, PLAIN; a nil *float64 is null.
type doubles struct {
	offset   uintptr
	vals     []float64
	min, max float64
}

func (v *doubles) appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) int {
	nulls := 0
	for i := 0; i < n; i++ {
		p := at[*float64](base, stride, i, v.offset)
		if p == nil {
			nulls++
			continue
		}
		defs[i] = 1
		x := *p
		if math.IsNaN(x) {
			panic("parquet: NaN in a DOUBLE column") // the generator never makes one; bounds would be wrong
		}
		if len(v.vals) == 0 {
			v.min, v.max = x, x
		} else if x < v.min {
			v.min = x
		} else if x > v.max {
			v.max = x
		}
		v.vals = append(v.vals, x)
	}
	return nulls
}

func (v *doubles) encode(dst []byte) []byte {
	for _, x := range v.vals {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(x))
	}
	return dst
}

func (v *doubles) encoding() format.Encoding { return format.Plain }

func (v *doubles) bounds(min, max []byte) ([]byte, []byte, bool) {
	if len(v.vals) == 0 {
		return min, max, false
	}
	return binary.LittleEndian.AppendUint64(min, math.Float64bits(v.min)), binary.LittleEndian.AppendUint64(max, math.Float64bits(v.max)), true
}

func (v *doubles) reset() { v.vals = v.vals[:0] }

// bools holds BOOLEAN values, PLAIN (bit-packed, first value in the lowest
// bit). These columns are never nullable.
type bools struct {
	offset  uintptr
	bits    []byte
	n       int
	present [2]bool // false seen, true seen
}

func (v *bools) appendRows(base unsafe.Pointer, stride uintptr, n int, _ []uint8) int {
	for i := 0; i < n; i++ {
		if v.n&7 == 0 {
			v.bits = append(v.bits, 0)
		}
		if at[bool](base, stride, i, v.offset) {
			v.bits[v.n>>3] |= 1 << (v.n & 7)
			v.present[1] = true
		} else {
			v.present[0] = true
		}
		v.n++
	}
	return 0
}

func (v *bools) encode(dst []byte) []byte { return append(dst, v.bits...) }

func (v *bools) encoding() format.Encoding { return format.Plain }

func (v *bools) bounds(min, max []byte) ([]byte, []byte, bool) {
	if v.n == 0 {
		return min, max, false
	}
	lo, hi := byte(1), byte(0)
	if v.present[0] {
		lo = 0
	}
	if v.present[1] {
		hi = 1
	}
	return append(min, lo), append(max, hi), true
}

func (v *bools) reset() {
	v.bits = v.bits[:0]
	v.n = 0
	v.present = [2]bool{}
}

// compareFunc orders two PLAIN-encoded values of a physical type, as the
// column order says readers compare them.
func compareFunc(t format.Type) func(a, b []byte) int {
	switch t {
	case format.Int64:
		return func(a, b []byte) int {
			x, y := int64(binary.LittleEndian.Uint64(a)), int64(binary.LittleEndian.Uint64(b))
			return cmpOrdered(x, y)
		}
	case format.Int32:
		return func(a, b []byte) int {
			x, y := int32(binary.LittleEndian.Uint32(a)), int32(binary.LittleEndian.Uint32(b))
			return cmpOrdered(x, y)
		}
	case format.Double:
		return func(a, b []byte) int {
			return cmpOrdered(math.Float64frombits(binary.LittleEndian.Uint64(a)), math.Float64frombits(binary.LittleEndian.Uint64(b)))
		}
	}
	return func(a, b []byte) int { return slices.Compare(a, b) } // strings (unsigned bytes) and booleans
}

func cmpOrdered[E int32 | int64 | float64](x, y E) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// head returns the first eight bytes of s as a big-endian number (zeros
// after a shorter string's end): if head(a) < head(b) then a < b, so most
// min/max checks need no full comparison.
func head(s string) uint64 {
	if len(s) >= 8 {
		return binary.BigEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
	}
	var buf [8]byte
	copy(buf[:], s)
	return binary.BigEndian.Uint64(buf[:])
}

// stringBounds tracks the minimum and maximum of a page's strings.
type stringBounds struct {
	min, max         string
	minHead, maxHead uint64
	n                int
}

func (b *stringBounds) add(s string) {
	h := head(s)
	if b.n == 0 {
		b.min, b.max, b.minHead, b.maxHead = s, s, h, h
	} else if h < b.minHead || (h == b.minHead && s < b.min) {
		b.min, b.minHead = s, h
	} else if h > b.maxHead || (h == b.maxHead && s > b.max) {
		b.max, b.maxHead = s, h
	}
	b.n++
}

func (b *stringBounds) appendTo(min, max []byte) ([]byte, []byte, bool) {
	if b.n == 0 {
		return min, max, false
	}
	return append(min, b.min...), append(max, b.max...), true
}

func (b *stringBounds) reset() { *b = stringBounds{} }
