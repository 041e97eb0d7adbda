package parquet

import (
	"math/bits"
	"unsafe"

	"github.com/code4health/cohortgen/export/internal/tabular"
)

// Why this file exists: parquet-go v0.32.0 writes some nulls of an optional
// string or date column as "" (or day 0).
//
// For an optional field that is not a pointer, parquet-go decides null or
// not from the zero value, one 64-row word at a time (each Write is cut into
// 64-row pieces from its first row), and hands runs of nulls and of values
// to the column. Its run scanner has a wrong test: when a run of values
// starts at row y of the word (0 < y < 32) and is exactly y rows long, and
// every row after it to the end of the word is null, it takes those trailing
// nulls for values (it checks `word>>y == 1<<y - 1` where it means "every
// bit from y on is set"). So the zero values are written with the "present"
// definition level: '' instead of NULL. Which rows meet the pattern depends
// on where the 64-row words fall, that is on part boundaries, which is why
// a sharded run differed from a whole one.
//
// The sink therefore never hands parquet-go a piece in which that pattern
// occurs: when a column's last run of values in a piece has that shape, the
// piece is cut right after the run (and cut again if that gives another
// column the pattern). In the shorter piece the misread rows
// lie past its end, so the scanner stops at the end of the run and is
// right; the rows after it start a piece of their own. Pointer fields
// (*float64) are read per row by parquet-go and are not affected.

// zeroNullColumn is an optional column whose nulls parquet-go infers from
// the field's zero value.
type zeroNullColumn struct {
	offset uintptr
	kind   tabular.Kind // String or Date
}

// zeroNullColumns lists l's optional string and date columns.
func zeroNullColumns(l *tabular.Layout) []zeroNullColumn {
	var out []zeroNullColumn
	for _, c := range l.Columns {
		if c.Nullable && (c.Kind == tabular.String || c.Kind == tabular.Date) {
			out = append(out, zeroNullColumn{offset: c.Offset, kind: c.Kind})
		}
	}
	return out
}

// present returns a bitmap of the rows (at most 64) whose field is set.
func (c zeroNullColumn) present(rows unsafe.Pointer, stride uintptr, n int) uint64 {
	var w uint64
	off := c.offset
	for i := 0; i < n; i++ {
		p := unsafe.Add(rows, off)
		var set bool
		if c.kind == tabular.String {
			set = len(*(*string)(p)) > 0
		} else {
			set = *(*int32)(p) != 0
		}
		if set {
			w |= 1 << i
		}
		off += stride
	}
	return w
}

// misreadEnd returns, for a piece of n rows whose present rows are w, the
// end of the value run after which parquet-go would misread the nulls, or
// n when it would read the piece right.
func misreadEnd(w uint64, n int) int {
	if w == 0 {
		return n
	}
	end := 64 - bits.LeadingZeros64(w) // one past the last present row
	if end == n {
		return n // no nulls after the last run
	}
	run := bits.LeadingZeros64(^(w << (64 - end))) // length of the last run
	if start := end - run; start > 0 && run == start {
		return end
	}
	return n
}

// safePiece returns how many of the first rows (at most 64) can go to
// parquet-go in one Write with every null read right.
func safePiece[T any](cols []zeroNullColumn, rows []T) int {
	n := min(len(rows), 64)
	if n == 0 || len(cols) == 0 {
		return n
	}
	base := unsafe.Pointer(unsafe.SliceData(rows))
	stride := unsafe.Sizeof(rows[0])
	// Cutting the piece shortens every column's tail of nulls, which can
	// give another column the pattern, so cut until no column has it.
	for {
		cut := n
		for _, c := range cols {
			cut = min(cut, misreadEnd(c.present(base, stride, n), n))
		}
		if cut == n {
			return n
		}
		n = cut
	}
}
