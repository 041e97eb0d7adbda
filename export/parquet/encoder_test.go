package parquet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go/format"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// plainOf encodes a tabular value (tabular.Layout.Values) as the page index
// stores it.
func plainOf(v any) []byte {
	switch x := v.(type) {
	case string:
		return []byte(x)
	case int64:
		return binary.LittleEndian.AppendUint64(nil, uint64(x))
	case int32:
		return binary.LittleEndian.AppendUint32(nil, uint32(x))
	case float64:
		return binary.LittleEndian.AppendUint64(nil, math.Float64bits(x))
	case bool:
		if x {
			return []byte{1}
		}
		return []byte{0}
	}
	panic(fmt.Sprintf("plainOf %T", v))
}

// TestPageIndexMatchesRows recomputes every page's null count, minimum and
// maximum from the rows the offset index says the page holds, and checks the
// column index and the chunk statistics say the same, and that a boundary
// order other than UNORDERED holds (readers binary-search on it).
func TestPageIndexMatchesRows(t *testing.T) {
	rows := synth.Batch(0, 400, synth.DefaultShape, 5).Encounters // about 24,000 rows
	for i := range rows {
		if i%7 == 0 {
			rows[i].ReasonConditionID = "" // null
		}
		if i >= 9000 && i < 9000+pageRows {
			rows[i].AdmissionMethod = "" // a page that is all null
		}
	}
	path := writeEncounters(t, rows, 97)
	pf := openParquet(t, path)
	l := tabular.Of[models.Encounter]()
	values := make([][]any, len(rows))
	for i := range rows {
		values[i] = l.Values(rows[i])
	}
	cis, ois := pf.ColumnIndexes(), pf.OffsetIndexes()
	md := pf.Metadata()
	if len(md.RowGroups) < 2 {
		t.Fatalf("%d row groups, want several", len(md.RowGroups))
	}
	first := 0 // first row of the row group
	for g, rg := range md.RowGroups {
		for c, cc := range rg.Columns {
			ci, oi := cis[g*len(rg.Columns)+c], ois[g*len(rg.Columns)+c]
			cmp := compareFunc(cc.MetaData.Type)
			var chunkMin, chunkMax []byte
			var chunkNulls int64
			for p, loc := range oi.PageLocations {
				end := int(rg.NumRows)
				if p+1 < len(oi.PageLocations) {
					end = int(oi.PageLocations[p+1].FirstRowIndex)
				}
				var lo, hi []byte
				var nulls int64
				for r := first + int(loc.FirstRowIndex); r < first+end; r++ {
					v := values[r][c]
					if v == nil {
						nulls++
						continue
					}
					b := plainOf(v)
					if lo == nil || cmp(b, lo) < 0 {
						lo = b
					}
					if hi == nil || cmp(b, hi) > 0 {
						hi = b
					}
				}
				name := fmt.Sprintf("row group %d column %s page %d", g, cc.MetaData.PathInSchema[0], p)
				if ci.NullCounts[p] != nulls {
					t.Errorf("%s: null count %d, rows have %d", name, ci.NullCounts[p], nulls)
				}
				if ci.NullPages[p] != (lo == nil) {
					t.Errorf("%s: null page %v, rows say %v", name, ci.NullPages[p], lo == nil)
				}
				if lo != nil && (!bytes.Equal(ci.MinValues[p], lo) || !bytes.Equal(ci.MaxValues[p], hi)) {
					t.Errorf("%s: bounds %q..%q, rows have %q..%q", name, ci.MinValues[p], ci.MaxValues[p], lo, hi)
				}
				if lo != nil {
					if chunkMin == nil || cmp(lo, chunkMin) < 0 {
						chunkMin = lo
					}
					if chunkMax == nil || cmp(hi, chunkMax) > 0 {
						chunkMax = hi
					}
				}
				chunkNulls += nulls
			}
			st := cc.MetaData.Statistics
			if st.NullCount != chunkNulls || !bytes.Equal(st.MinValue, chunkMin) || !bytes.Equal(st.MaxValue, chunkMax) {
				t.Errorf("row group %d column %s: statistics %d nulls %q..%q, rows have %d %q..%q", g, cc.MetaData.PathInSchema[0], st.NullCount, st.MinValue, st.MaxValue, chunkNulls, chunkMin, chunkMax)
			}
			checkBoundaryOrder(t, ci, cmp)
		}
		first += int(rg.NumRows)
	}
	checkRows(t, pf, rows)
	checkWithArrow(t, path, rows)
}

// TestBoundaryOrderOfSortedColumn writes encounters in time order: the
// start_time pages ascend, and the column index must say so.
func TestBoundaryOrderOfSortedColumn(t *testing.T) {
	rows := synth.Batch(0, 400, synth.DefaultShape, 5).Encounters
	slices.SortFunc(rows, func(a, b models.Encounter) int { return cmpOrdered(int64(a.StartTime), int64(b.StartTime)) })
	dir := t.TempDir()
	writeDataset(t, dir, Options{}, nil, generator.Part{First: 0, End: 1}, []*models.Batch{{Encounters: rows}})
	pf := openParquet(t, filepath.Join(dir, "parquet", "encounters", "part-0000000000.parquet"))
	if len(pf.OffsetIndexes()[0].PageLocations) < 2 {
		t.Fatal("one page: the order is not tested")
	}
	n := len(pf.Metadata().RowGroups[0].Columns)
	for g, ci := range pf.ColumnIndexes() {
		cc := pf.Metadata().RowGroups[g/n].Columns[g%n]
		if cc.MetaData.PathInSchema[0] == "start_time" && ci.BoundaryOrder != format.Ascending {
			t.Errorf("row group %d: start_time boundary order %v, want ASCENDING", g/n, ci.BoundaryOrder)
		}
		checkBoundaryOrder(t, ci, compareFunc(cc.MetaData.Type))
	}
}

func checkBoundaryOrder(t *testing.T, ci format.ColumnIndex, cmp func(a, b []byte) int) {
	t.Helper()
	var prev = -1
	for p := range ci.NullPages {
		if ci.NullPages[p] {
			continue
		}
		if prev >= 0 {
			minOrder, maxOrder := cmp(ci.MinValues[prev], ci.MinValues[p]), cmp(ci.MaxValues[prev], ci.MaxValues[p])
			switch ci.BoundaryOrder {
			case format.Ascending:
				if minOrder > 0 || maxOrder > 0 {
					t.Errorf("ASCENDING, but page %d comes before a smaller page %d", prev, p)
				}
			case format.Descending:
				if minOrder < 0 || maxOrder < 0 {
					t.Errorf("DESCENDING, but page %d comes before a larger page %d", prev, p)
				}
			}
		}
		prev = p
	}
}

// TestDictionaryFallback writes a dictionary column with more distinct
// values than the dictionary may hold: the rest of the row group is written
// without it, and every reader still reads the same values.
func TestDictionaryFallback(t *testing.T) {
	old := dictMaxBytes
	dictMaxBytes = 2000
	defer func() { dictMaxBytes = old }()
	rows := synth.Batch(0, 300, synth.DefaultShape, 9).Encounters
	for i := range rows {
		rows[i].TypeDisplay = fmt.Sprintf("display %d", i) // unique: no dictionary could hold them
	}
	if len(rows) < 2*pageRows {
		t.Fatalf("%d rows: want at least two pages", len(rows))
	}
	dir := t.TempDir()
	writeDataset(t, dir, Options{}, nil, generator.Part{First: 0, End: 1}, []*models.Batch{{Encounters: rows}})
	path := filepath.Join(dir, "parquet", "encounters", "part-0000000000.parquet")
	pf := openParquet(t, path)
	for _, rg := range pf.Metadata().RowGroups {
		for _, cc := range rg.Columns {
			if cc.MetaData.PathInSchema[0] != "type_display" {
				continue
			}
			has := map[format.Encoding]bool{}
			for _, e := range cc.MetaData.Encoding {
				has[e] = true
			}
			if !has[format.RLEDictionary] || !has[format.DeltaLengthByteArray] {
				t.Errorf("type_display encodings %v, want a dictionary then DELTA_LENGTH_BYTE_ARRAY", cc.MetaData.Encoding)
			}
		}
	}
	checkRows(t, pf, rows)
	checkGeneric(t, path, rows)
	checkWithArrow(t, path, rows)
}

// TestRowGroupSizes checks row groups hold RowGroupRows rows (the last one
// the rest) whatever the batch sizes.
func TestRowGroupSizes(t *testing.T) {
	rows := synth.Batch(0, 100, synth.DefaultShape, 3).Encounters
	for _, batch := range []int{1, 999, len(rows)} {
		var batches []*models.Batch
		for i := 0; i < len(rows); i += batch {
			batches = append(batches, &models.Batch{Encounters: rows[i:min(i+batch, len(rows))]})
		}
		dir := t.TempDir()
		writeDataset(t, dir, Options{RowGroupRows: 1000}, nil, generator.Part{First: 0, End: 1}, batches)
		pf := openParquet(t, filepath.Join(dir, "parquet", "encounters", "part-0000000000.parquet"))
		left := len(rows)
		for g, rg := range pf.Metadata().RowGroups {
			if want := min(left, 1000); rg.NumRows != int64(want) {
				t.Errorf("batch %d: row group %d has %d rows, want %d", batch, g, rg.NumRows, want)
			}
			left -= int(rg.NumRows)
		}
		if left != 0 {
			t.Errorf("batch %d: %d rows not in any row group", batch, left)
		}
	}
}
