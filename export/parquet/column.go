package parquet

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"unsafe"

	pqcompress "github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/code4health/cohortgen/export/internal/tabular"
)

// column encodes one column of a file. Rows are copied into the page being
// filled; a full page is encoded (definition levels, values, compression)
// and appended to the row group's chunk, which is written out when the row
// group ends, with the page's entries for the page index.
//
// Data pages are version 1 (levels and values compressed together), the
// version every Parquet reader supports.
type column struct {
	name     string
	typ      format.Type
	nullable bool
	codec    pqcompress.Codec // nil: pages are not compressed
	compare  func(a, b []byte) int

	vals  pageValues   // the values of the page being filled
	dict  *dictStrings // a dictionary column's dictionary, else nil
	plain *byteArrays  // where a dictionary column goes when its dictionary outgrows dictMaxBytes

	// The page being filled.
	rows  int
	nulls int
	defs  []uint8 // definition levels (1 present, 0 null), nullable columns only

	// The row group's chunk: its data pages, headers included.
	chunk        []byte
	pages        []pageEntry
	uncompressed int64 // of the data pages, headers included
	numValues    int64
	chunkNulls   int64
	min, max     []byte
	hasBounds    bool
	used         []format.Encoding // value encodings of the data pages

	raw, packed, levels, header []byte // scratch
}

// pageEntry is a data page's entry in the page index.
type pageEntry struct {
	offset    int64 // from the start of the chunk's data pages
	size      int32 // header and body
	firstRow  int64 // in the row group
	nulls     int64
	min, max  []byte
	hasBounds bool
}

var (
	compact      thrift.CompactProtocol
	levelEncoder = rle.Encoding{BitWidth: 1}
)

// newColumn chooses the column's encoding from its class (plan.go).
func newColumn(table string, c *tabular.Column, codec pqcompress.Codec) (*column, error) {
	col := &column{name: c.Name, typ: physicalType(c.Kind), nullable: c.Nullable}
	col.compare = compareFunc(col.typ)
	switch c.Kind {
	case tabular.String:
		switch classOf(table, c) {
		case classDict:
			col.dict = newDictStrings(c.Offset, c.Nullable)
			col.plain = newByteArrays(c.Offset, c.Nullable)
			col.vals = col.dict
		case classID:
			col.vals = &prefixedStrings{offset: c.Offset, nullable: c.Nullable}
		default:
			col.vals = newByteArrays(c.Offset, c.Nullable)
			col.codec = codec
		}
	case tabular.ID:
		col.vals = &idValues{offset: c.Offset, nullable: c.Nullable}
	case tabular.Int64, tabular.Timestamp:
		if c.Nullable {
			return nil, fmt.Errorf("parquet: %s.%s: nullable %v columns are not supported", table, c.Name, c.Kind)
		}
		col.vals = &deltaInts[int64]{offset: c.Offset}
	case tabular.Date:
		col.vals = &deltaInts[int32]{offset: c.Offset, nullable: c.Nullable}
	case tabular.Float64:
		col.vals = &doubles{offset: c.Offset}
		col.codec = codec
	case tabular.Bool:
		if c.Nullable {
			return nil, fmt.Errorf("parquet: %s.%s: nullable %v columns are not supported", table, c.Name, c.Kind)
		}
		col.vals = &bools{offset: c.Offset}
	default:
		return nil, fmt.Errorf("parquet: %s.%s: unsupported kind %v", table, c.Name, c.Kind)
	}
	return col, nil
}

// appendRows copies the column's values of n rows into the page.
func (c *column) appendRows(base unsafe.Pointer, stride uintptr, n int) {
	var defs []uint8
	if c.nullable {
		at := len(c.defs)
		c.defs = slices.Grow(c.defs, n)[:at+n]
		defs = c.defs[at:]
		clear(defs)
	}
	c.nulls += c.vals.appendRows(base, stride, n, defs)
	c.rows += n
}

// endPage encodes the page into the chunk. firstRow is the page's first row
// in the row group.
func (c *column) endPage(firstRow int64) error {
	if c.rows == 0 {
		return nil
	}
	raw := c.raw[:0]
	if c.nullable {
		var err error
		if c.levels, err = levelEncoder.EncodeLevels(c.levels[:0], c.defs); err != nil {
			return err
		}
		raw = binary.LittleEndian.AppendUint32(raw, uint32(len(c.levels)))
		raw = append(raw, c.levels...)
	}
	raw = c.vals.encode(raw)
	c.raw = raw
	body := raw
	if c.codec != nil {
		var err error
		if c.packed, err = c.codec.Encode(c.packed[:0], raw); err != nil {
			return fmt.Errorf("parquet: compressing %s: %w", c.name, err)
		}
		body = c.packed
	}
	enc := c.vals.encoding()
	header := appendDataPageHeader(c.header[:0], int32(len(raw)), int32(len(body)), int32(c.rows), enc, int64(c.nulls))
	c.header = header
	e := pageEntry{offset: int64(len(c.chunk)), size: int32(len(header) + len(body)), firstRow: firstRow, nulls: int64(c.nulls)}
	e.min, e.max, e.hasBounds = c.vals.bounds(nil, nil)
	c.pages = append(c.pages, e)
	c.chunk = appendDoubling(c.chunk, header, body)
	c.uncompressed += int64(len(header) + len(raw))
	c.numValues += int64(c.rows)
	c.chunkNulls += int64(c.nulls)
	if !slices.Contains(c.used, enc) {
		c.used = append(c.used, enc)
	}
	if e.hasBounds {
		if !c.hasBounds || c.compare(e.min, c.min) < 0 {
			c.min = append(c.min[:0], e.min...)
		}
		if !c.hasBounds || c.compare(e.max, c.max) > 0 {
			c.max = append(c.max[:0], e.max...)
		}
		c.hasBounds = true
	}
	c.vals.reset()
	c.rows, c.nulls = 0, 0
	c.defs = c.defs[:0]
	if c.dict != nil && c.vals == pageValues(c.dict) && c.dict.size > dictMaxBytes {
		// A column we wrongly took for low-cardinality: the rest of the
		// row group is written without the dictionary, so memory stays
		// bounded.
		c.vals = c.plain
	}
	return nil
}

// appendDoubling appends a and b to dst, doubling its capacity when it must
// grow: append alone grows a large slice by a quarter at a time, which copies
// a row group's chunk several times over while it fills.
func appendDoubling(dst, a, b []byte) []byte {
	if need := len(dst) + len(a) + len(b); need > cap(dst) {
		dst = slices.Grow(dst, max(need, 2*cap(dst))-len(dst))
	}
	return append(append(dst, a...), b...)
}

// chunkOut is a written column chunk and its page index entries.
type chunkOut struct {
	meta        format.ColumnChunk
	columnIndex format.ColumnIndex
	offsetIndex format.OffsetIndex
}

// writeChunk writes the row group's chunk (dictionary page first) at file
// offset start and starts the next row group.
func (c *column) writeChunk(w io.Writer, start int64) (chunkOut, int64, error) {
	var out chunkOut
	var dictPage []byte
	encodings := []format.Encoding{}
	if c.dict != nil {
		page, n := c.dict.dictionaryPage(c.raw[:0])
		c.raw = page
		header, err := thrift.Marshal(&compact, &format.PageHeader{
			Type:                 format.DictionaryPage,
			UncompressedPageSize: int32(len(page)),
			CompressedPageSize:   int32(len(page)),
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(n), Encoding: format.Plain}),
		})
		if err != nil {
			return out, 0, err
		}
		dictPage = append(header, page...)
		encodings = append(encodings, format.Plain)
	}
	if c.nullable {
		encodings = append(encodings, format.RLE)
	}
	for _, e := range c.used {
		if !slices.Contains(encodings, e) {
			encodings = append(encodings, e)
		}
	}
	dataStart := start + int64(len(dictPage))
	if _, err := w.Write(dictPage); err != nil {
		return out, 0, err
	}
	if _, err := w.Write(c.chunk); err != nil {
		return out, 0, err
	}
	size := int64(len(dictPage) + len(c.chunk))
	codec := format.Uncompressed
	if c.codec != nil {
		codec = c.codec.CompressionCodec()
	}
	md := format.ColumnMetaData{
		Type:                  c.typ,
		Encoding:              encodings,
		PathInSchema:          []string{c.name},
		Codec:                 codec,
		NumValues:             c.numValues,
		TotalUncompressedSize: c.uncompressed + int64(len(dictPage)),
		TotalCompressedSize:   size,
		DataPageOffset:        dataStart,
		Statistics:            format.Statistics{NullCount: c.chunkNulls},
	}
	if dictPage != nil {
		md.DictionaryPageOffset = start
	}
	if c.hasBounds {
		md.Statistics.MinValue = slices.Clone(c.min)
		md.Statistics.MaxValue = slices.Clone(c.max)
	}
	out.meta = format.ColumnChunk{FileOffset: start, MetaData: md}
	out.columnIndex, out.offsetIndex = c.pageIndex(dataStart)
	c.resetChunk()
	return out, size, nil
}

// pageIndex returns the chunk's column index (bounds per page) and offset
// index (where each page is).
func (c *column) pageIndex(dataStart int64) (format.ColumnIndex, format.OffsetIndex) {
	ci := format.ColumnIndex{
		NullPages:  make([]bool, len(c.pages)),
		MinValues:  make([][]byte, len(c.pages)),
		MaxValues:  make([][]byte, len(c.pages)),
		NullCounts: make([]int64, len(c.pages)),
	}
	oi := format.OffsetIndex{PageLocations: make([]format.PageLocation, len(c.pages))}
	asc, desc := true, true
	var prev *pageEntry
	for i := range c.pages {
		p := &c.pages[i]
		oi.PageLocations[i] = format.PageLocation{Offset: dataStart + p.offset, CompressedPageSize: p.size, FirstRowIndex: p.firstRow}
		ci.NullCounts[i] = p.nulls
		if !p.hasBounds {
			ci.NullPages[i] = true
			ci.MinValues[i], ci.MaxValues[i] = []byte{}, []byte{}
			continue
		}
		ci.MinValues[i], ci.MaxValues[i] = p.min, p.max
		if prev != nil {
			asc = asc && c.compare(prev.min, p.min) <= 0 && c.compare(prev.max, p.max) <= 0
			desc = desc && c.compare(prev.min, p.min) >= 0 && c.compare(prev.max, p.max) >= 0
		}
		prev = p
	}
	switch {
	case asc:
		ci.BoundaryOrder = format.Ascending
	case desc:
		ci.BoundaryOrder = format.Descending
	default:
		ci.BoundaryOrder = format.Unordered
	}
	return ci, oi
}

func (c *column) resetChunk() {
	c.chunk = c.chunk[:0]
	c.pages = c.pages[:0]
	c.uncompressed, c.numValues, c.chunkNulls = 0, 0, 0
	c.min, c.max, c.hasBounds = c.min[:0], c.max[:0], false
	c.used = c.used[:0]
	if c.dict != nil {
		c.dict.resetChunk()
		c.vals = c.dict
	}
}
