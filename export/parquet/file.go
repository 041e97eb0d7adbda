package parquet

import (
	"encoding/binary"
	"fmt"
	"io"
	"unsafe"

	pqcompress "github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/code4health/cohortgen/export/internal/tabular"
)

// createdBy is the file's created_by: the writer that encoded the file, in
// the "name version x (build y)" form readers parse. It is fixed, so the same
// rows give the same bytes from any binary.
const createdBy = "cohortgen version 1.0.0 (build column-writer)"

// pageRows is the number of rows in a data page (the last page of a row
// group may hold fewer). Pages split at fixed rows, never at batch
// boundaries, so the bytes do not depend on how rows arrive. 8Ki rows keep
// id pages near 300 KB and give the page index useful granularity.
const pageRows = 8 * 1024

// blockRows is how many rows are copied into the columns at a time: a block
// of records (about 50 KB) stays in the CPU cache while each column takes
// its field from it, where a whole batch would be read from memory once per
// column.
const blockRows = 256

const magic = "PAR1"

// fileEncoder writes one table's Parquet file column by column: rows are
// copied into per-column pages as they arrive, pages are encoded when full,
// and each row group's chunks are written when it is full.
type fileEncoder struct {
	w         io.Writer
	offset    int64
	layout    *tabular.Layout
	cols      []*column
	groupRows int

	pageFill  int // rows in the current page
	groupFill int // rows in the current row group

	rowGroups []format.RowGroup
	indexes   [][]chunkOut // per row group, per column
	rows      int64

	table string
	spare *spareColumns // where the columns go when the file is finished; nil: nowhere
}

// newFileEncoder starts a file of the table. Its columns are a finished
// file's from spare when there is one (spareColumns).
func newFileEncoder(w io.Writer, table string, l *tabular.Layout, codec pqcompress.Codec, groupRows int, spare *spareColumns) (*fileEncoder, error) {
	f := &fileEncoder{w: w, layout: l, groupRows: groupRows, table: table, spare: spare}
	if spare != nil {
		f.cols = spare.take(table)
	}
	for i := len(f.cols); i < len(l.Columns); i++ {
		c, err := newColumn(table, &l.Columns[i], codec)
		if err != nil {
			return nil, err
		}
		f.cols = append(f.cols, c)
	}
	if err := f.put([]byte(magic)); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *fileEncoder) put(p []byte) error {
	n, err := f.w.Write(p)
	f.offset += int64(n)
	return err
}

// write appends n rows of the layout's type that start at base.
func (f *fileEncoder) write(base unsafe.Pointer, n int) error {
	for n > 0 {
		k := min(n, pageRows-f.pageFill, f.groupRows-f.groupFill, blockRows)
		for _, c := range f.cols {
			c.appendRows(base, f.layout.Size, k)
		}
		f.pageFill += k
		f.groupFill += k
		f.rows += int64(k)
		n -= k
		if n > 0 {
			base = unsafe.Add(base, uintptr(k)*f.layout.Size)
		}
		if f.pageFill == pageRows || f.groupFill == f.groupRows {
			if err := f.endPage(); err != nil {
				return err
			}
		}
		if f.groupFill == f.groupRows {
			if err := f.endRowGroup(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *fileEncoder) endPage() error {
	first := int64(f.groupFill - f.pageFill)
	for _, c := range f.cols {
		if err := c.endPage(first); err != nil {
			return err
		}
	}
	f.pageFill = 0
	return nil
}

func (f *fileEncoder) endRowGroup() error {
	rg := format.RowGroup{NumRows: int64(f.groupFill), FileOffset: f.offset, Ordinal: int16(len(f.rowGroups))}
	chunks := make([]chunkOut, len(f.cols))
	for i, c := range f.cols {
		out, size, err := c.writeChunk(f.w, f.offset)
		if err != nil {
			return fmt.Errorf("parquet: writing column %s: %w", c.name, err)
		}
		f.offset += size
		rg.TotalByteSize += out.meta.MetaData.TotalUncompressedSize
		rg.TotalCompressedSize += size
		chunks[i] = out
	}
	f.rowGroups = append(f.rowGroups, rg)
	f.indexes = append(f.indexes, chunks)
	f.groupFill = 0
	return nil
}

// close ends the last row group and writes the page index and the footer.
func (f *fileEncoder) close() error {
	if f.pageFill > 0 {
		if err := f.endPage(); err != nil {
			return err
		}
	}
	if f.groupFill > 0 {
		if err := f.endRowGroup(); err != nil {
			return err
		}
	}
	// Column indexes, then offset indexes, after the row groups (the
	// layout the format recommends: readers fetch them in one range).
	for _, chunks := range f.indexes {
		for i := range chunks {
			b, err := thrift.Marshal(&compact, &chunks[i].columnIndex)
			if err != nil {
				return err
			}
			chunks[i].meta.ColumnIndexOffset, chunks[i].meta.ColumnIndexLength = f.offset, int32(len(b))
			if err := f.put(b); err != nil {
				return err
			}
		}
	}
	for g, chunks := range f.indexes {
		for i := range chunks {
			b, err := thrift.Marshal(&compact, &chunks[i].offsetIndex)
			if err != nil {
				return err
			}
			chunks[i].meta.OffsetIndexOffset, chunks[i].meta.OffsetIndexLength = f.offset, int32(len(b))
			if err := f.put(b); err != nil {
				return err
			}
		}
		cols := make([]format.ColumnChunk, len(chunks))
		for i := range chunks {
			cols[i] = chunks[i].meta
		}
		f.rowGroups[g].Columns = cols
	}
	footer, err := thrift.Marshal(&compact, &format.FileMetaData{
		Version:      2,
		Schema:       schemaOf(f.layout),
		NumRows:      f.rows,
		RowGroups:    f.rowGroups,
		CreatedBy:    createdBy,
		ColumnOrders: columnOrders(len(f.cols)),
	})
	if err != nil {
		return err
	}
	footer = binary.LittleEndian.AppendUint32(footer, uint32(len(footer)))
	if err := f.put(append(footer, magic...)); err != nil {
		return err
	}
	// Every column ended its last page and row group above, so each is
	// as empty as a new one, with its buffers' capacity kept.
	if f.spare != nil {
		f.spare.give(f.table, f.cols)
		f.cols = nil
	}
	return nil
}
