package parquet

import (
	"encoding/binary"
	"math/bits"
	"unsafe"

	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/format"
)

// dictStrings holds a low-cardinality string column as indexes into a
// dictionary built over the row group (RLE_DICTIONARY pages after one PLAIN
// dictionary page). Indexes follow the order values are first seen, so the
// bytes depend only on the rows.
//
// Most values are the same Go strings over and over (codes and descriptions
// come from the datasets' tables), so a small cache keyed by the string's
// address answers most lookups without hashing its bytes; the map keyed by
// content decides the index, so the cache never changes the output.
type dictStrings struct {
	offset   uintptr
	nullable bool // "" is null

	index  map[string]int32
	values []string // the dictionary, in index order
	size   int      // PLAIN size of the dictionary in bytes
	cache  [dictCacheSize]dictCacheEntry

	page []int32 // the page's indexes

	// The value of the row before and its index: codes, names and
	// practice ids come in runs of the same Go string (a patient's rows,
	// an encounter's observations), which need no lookup at all. lastN
	// is -1 at the start of a page, so each page's first value is looked
	// up and counted in distinct.
	lastP *byte
	lastN int
	lastI int32

	// The page's distinct indexes, for its bounds: seen[i] == epoch when
	// index i is already in distinct.
	seen     []uint32
	epoch    uint32
	distinct []int32

	scratch []byte
}

type dictCacheEntry struct {
	p *byte
	n int32 // the string's length (the sink's strings are far shorter than 2 GiB)
	i int32 // index+1; 0 is an empty entry
}

// dictCacheBits sets the size of a column's address cache: 512 entries of
// 16 bytes. Counted on 4,000 generated patients, 256 entries sent 70-100k
// values to the map, 512 about 62k, 1,024 about 30-57k (the addresses, and
// so the collisions, vary between runs); the values first seen in each row
// group, which no cache saves, are 13k.
const dictCacheBits = 9
const dictCacheSize = 1 << dictCacheBits

func newDictStrings(offset uintptr, nullable bool) *dictStrings {
	return &dictStrings{offset: offset, nullable: nullable, index: map[string]int32{}, epoch: 1, lastN: -1}
}

// lookup returns the index of s, which the address cache (entry e) did
// not hold, and remembers it there.
func (d *dictStrings) lookup(s string, e *dictCacheEntry) int32 {
	i, ok := d.index[s]
	if !ok {
		i = int32(len(d.values))
		d.index[s] = i
		d.values = append(d.values, s)
		d.seen = append(d.seen, 0)
		d.size += 4 + len(s)
	}
	*e = dictCacheEntry{p: unsafe.StringData(s), n: int32(len(s)), i: i + 1}
	return i
}

func (d *dictStrings) appendRows(base unsafe.Pointer, stride uintptr, n int, defs []uint8) int {
	nulls := 0
	for r := 0; r < n; r++ {
		s, ok := presentString(base, stride, r, d.offset, d.nullable, defs)
		if !ok {
			nulls++
			continue
		}
		p := unsafe.StringData(s)
		if p == d.lastP && len(s) == d.lastN {
			d.page = append(d.page, d.lastI)
			continue
		}
		// The address cache, inline: most values are found here.
		// Fibonacci hashing spreads the addresses of strings allocated
		// side by side.
		e := &d.cache[((uintptr(unsafe.Pointer(p))+uintptr(len(s)))*0x9E3779B97F4A7C15)>>(64-dictCacheBits)]
		var i int32
		if e.p == p && int(e.n) == len(s) && e.i != 0 {
			i = e.i - 1
		} else {
			i = d.lookup(s, e)
		}
		d.lastP, d.lastN, d.lastI = p, len(s), i
		if d.seen[i] != d.epoch {
			d.seen[i] = d.epoch
			d.distinct = append(d.distinct, i)
		}
		d.page = append(d.page, i)
	}
	return nulls
}

// encode writes the indexes: their bit width in one byte, then the
// RLE/bit-packed hybrid.
func (d *dictStrings) encode(dst []byte) []byte {
	width := max(bits.Len32(uint32(max(len(d.values), 1)-1)), 1)
	dst = append(dst, byte(width))
	enc := rle.Encoding{BitWidth: width}
	d.scratch, _ = enc.EncodeInt32(d.scratch[:0], d.page)
	return append(dst, d.scratch...)
}

func (d *dictStrings) encoding() format.Encoding { return format.RLEDictionary }

func (d *dictStrings) bounds(min, max []byte) ([]byte, []byte, bool) {
	if len(d.distinct) == 0 {
		return min, max, false
	}
	lo, hi := d.values[d.distinct[0]], d.values[d.distinct[0]]
	for _, i := range d.distinct[1:] {
		s := d.values[i]
		if s < lo {
			lo = s
		} else if s > hi {
			hi = s
		}
	}
	return append(min, lo...), append(max, hi...), true
}

func (d *dictStrings) reset() {
	d.page = d.page[:0]
	d.distinct = d.distinct[:0]
	d.epoch++
	d.lastP, d.lastN = nil, -1
}

// dictionaryPage returns the dictionary, PLAIN-encoded (a 4-byte length
// before each value), and its number of values.
func (d *dictStrings) dictionaryPage(dst []byte) ([]byte, int) {
	for _, s := range d.values {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
		dst = append(dst, s...)
	}
	return dst, len(d.values)
}

// resetChunk starts a new dictionary for the next row group.
func (d *dictStrings) resetChunk() {
	d.reset()
	clear(d.index)
	clear(d.values)
	d.values = d.values[:0]
	d.seen = d.seen[:0]
	d.size = 0
	d.cache = [len(d.cache)]dictCacheEntry{}
}
