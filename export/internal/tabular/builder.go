package tabular

import (
	"math"
	"slices"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/code4health/cohortgen/models"
)

// Builder copies records of type T into Arrow columns. It keeps its buffers
// between batches, so steady-state appends do not allocate.
//
// The record batch returned by Record shares the builder's buffers: use it
// (write it out) and release it before the next Reset or Append.
type Builder[T any] struct {
	layout *Layout
	cols   []colBuf
	n      int
}

type colBuf struct {
	Column
	valid []byte // validity bitmap, one bit per row, built only for nullable columns
	nulls int
	offs  []int32 // String, ID: len n+1
	data  []byte  // String, ID: UTF-8 bytes; Bool: value bitmap
	i32   []int32 // Date
	i64   []int64 // Int64, Timestamp
	f64   []float64
	dtype arrow.DataType
}

// NewBuilder returns a builder for T.
func NewBuilder[T any]() *Builder[T] {
	l := Of[T]()
	b := &Builder[T]{layout: l, cols: make([]colBuf, len(l.Columns))}
	for i, c := range l.Columns {
		b.cols[i] = colBuf{Column: c, dtype: c.Kind.ArrowType()}
	}
	b.Reset()
	return b
}

// Layout returns the layout of T.
func (b *Builder[T]) Layout() *Layout { return b.layout }

// Schema returns the Arrow schema of T.
func (b *Builder[T]) Schema() *arrow.Schema { return b.layout.Schema }

// Len returns the number of rows appended since the last Reset.
func (b *Builder[T]) Len() int { return b.n }

// Reset empties the builder, keeping its buffers.
func (b *Builder[T]) Reset() {
	b.n = 0
	for i := range b.cols {
		c := &b.cols[i]
		c.valid = c.valid[:0]
		c.nulls = 0
		c.offs = append(c.offs[:0], 0)
		c.data = c.data[:0]
		c.i32 = c.i32[:0]
		c.i64 = c.i64[:0]
		c.f64 = c.f64[:0]
	}
}

// growBits extends a bitmap so it holds n bits, zeroing the new bytes.
func growBits(bm []byte, n int) []byte {
	need := (n + 7) >> 3
	if old := len(bm); old < need {
		bm = slices.Grow(bm, need-old)[:need]
		clear(bm[old:])
	}
	return bm
}

// Append copies rows into the builder, column by column.
func (b *Builder[T]) Append(rows []T) {
	n := len(rows)
	if n == 0 {
		return
	}
	base := unsafe.Pointer(unsafe.SliceData(rows))
	size := b.layout.Size
	for ci := range b.cols {
		c := &b.cols[ci]
		if c.Nullable {
			c.valid = growBits(c.valid, b.n+n)
		}
		// off is the offset of the column's field in row i. Pointers are
		// formed from it only inside the rows (checkptr rejects a pointer
		// one past the end).
		off := c.Offset
		switch c.Kind {
		case String:
			c.appendStrings(base, size, b.n, n)
		case ID:
			c.appendIDs(base, size, b.n, n)
		case Int64, Timestamp:
			c.i64 = slices.Grow(c.i64, n)
			for i := 0; i < n; i++ {
				c.i64 = append(c.i64, *(*int64)(unsafe.Add(base, off)))
				off += size
			}
		case Date:
			c.i32 = slices.Grow(c.i32, n)
			for i := 0; i < n; i++ {
				v := *(*int32)(unsafe.Add(base, off))
				off += size
				c.i32 = append(c.i32, v)
				if c.Nullable {
					if v == 0 {
						c.nulls++
					} else {
						j := b.n + i
						c.valid[j>>3] |= 1 << (j & 7)
					}
				}
			}
		case Bool:
			c.data = growBits(c.data, b.n+n)
			for i := 0; i < n; i++ {
				if *(*bool)(unsafe.Add(base, off)) {
					j := b.n + i
					c.data[j>>3] |= 1 << (j & 7)
				}
				off += size
			}
		case Float64:
			c.f64 = slices.Grow(c.f64, n)
			for i := 0; i < n; i++ {
				f := *(**float64)(unsafe.Add(base, off))
				off += size
				if f == nil {
					c.nulls++
					c.f64 = append(c.f64, 0)
				} else {
					j := b.n + i
					c.valid[j>>3] |= 1 << (j & 7)
					c.f64 = append(c.f64, *f)
				}
			}
		}
	}
	b.n += n
}

// appendStrings appends the column's strings of n rows, which start at base
// and are stride bytes apart, as rows first.. of the column.
func (c *colBuf) appendStrings(base unsafe.Pointer, stride uintptr, first, n int) {
	total := len(c.data)
	off := c.Offset
	for i := 0; i < n; i++ {
		total += len(*(*string)(unsafe.Add(base, off)))
		off += stride
	}
	if total > math.MaxInt32 {
		panic("tabular: more than 2 GiB of strings in one column of one record batch")
	}
	data := slices.Grow(c.data, total-len(c.data))[:total]
	offs := slices.Grow(c.offs, n)[:len(c.offs)+n]
	at := len(c.data)
	o := offs[len(c.offs):]
	off = c.Offset
	if !c.Nullable {
		for i := range o {
			at += copy(data[at:], *(*string)(unsafe.Add(base, off)))
			off += stride
			o[i] = int32(at)
		}
	} else {
		for i := range o {
			s := *(*string)(unsafe.Add(base, off))
			off += stride
			if s == "" {
				c.nulls++
			} else {
				j := first + i
				c.valid[j>>3] |= 1 << (j & 7)
				at += copy(data[at:], s)
			}
			o[i] = int32(at)
		}
	}
	c.data, c.offs = data, offs
}

// appendIDs formats the column's ids of n rows straight into the column's
// bytes, as rows first.. of the column (the zero ID is null, or "" in a
// column that is not nullable).
func (c *colBuf) appendIDs(base unsafe.Pointer, stride uintptr, first, n int) {
	if len(c.data)+n*models.IDLen > math.MaxInt32 {
		panic("tabular: more than 2 GiB of strings in one column of one record batch")
	}
	data := slices.Grow(c.data, n*models.IDLen)
	offs := slices.Grow(c.offs, n)
	off := c.Offset
	for i := 0; i < n; i++ {
		id := *(*models.ID)(unsafe.Add(base, off))
		off += stride
		if id.IsZero() {
			if c.Nullable {
				c.nulls++
			}
		} else {
			if c.Nullable {
				j := first + i
				c.valid[j>>3] |= 1 << (j & 7)
			}
			at := len(data)
			data = data[:at+models.IDLen]
			id.Put((*[models.IDLen]byte)(data[at:]))
		}
		offs = append(offs, int32(len(data)))
	}
	c.data, c.offs = data, offs
}

func bytesOf[E any](s []E) []byte {
	if len(s) == 0 {
		return []byte{}
	}
	var zero E
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(zero)))
}

// Record returns the rows appended since the last Reset as a record batch
// that shares the builder's buffers. The caller must release it.
func (b *Builder[T]) Record() arrow.RecordBatch {
	arrs := make([]arrow.Array, len(b.cols))
	for i := range b.cols {
		arrs[i] = b.cols[i].array(b.n)
	}
	rec := array.NewRecordBatch(b.layout.Schema, arrs, int64(b.n))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

func (c *colBuf) array(n int) arrow.Array {
	var valid *memory.Buffer
	if c.nulls > 0 {
		valid = memory.NewBufferBytes(c.valid[:(n+7)>>3])
	}
	var bufs []*memory.Buffer
	switch c.Kind {
	case String, ID:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(bytesOf(c.offs)), memory.NewBufferBytes(c.data)}
	case Int64, Timestamp:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(bytesOf(c.i64))}
	case Date:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(bytesOf(c.i32))}
	case Bool:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(growBits(c.data, n))}
	case Float64:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(bytesOf(c.f64))}
	}
	d := array.NewData(c.dtype, n, bufs, nil, c.nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}
