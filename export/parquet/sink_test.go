package parquet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// writeDataset writes practices and one part through a new sink.
func writeDataset(t *testing.T, dir string, opts Options, practices []models.Practice, part generator.Part, batches []*models.Batch) *outfile.Registry {
	t.Helper()
	reg := outfile.NewRegistry(dir)
	s := NewSink(reg, opts)
	if practices != nil {
		if err := s.WritePractices(practices); err != nil {
			t.Fatal(err)
		}
	}
	writePart(t, s, part, batches)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return reg
}

// writePart writes one part's batches through s.
func writePart(tb testing.TB, s *Sink, part generator.Part, batches []*models.Batch) {
	tb.Helper()
	pw, err := s.OpenPart(part)
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range batches {
		if err := pw.Write(b); err != nil {
			tb.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		tb.Fatal(err)
	}
}

func openParquet(t *testing.T, path string) *pq.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := pq.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pf
}

// checkSchema checks the file's columns against the model's tags: names,
// physical and logical types, and repetition.
func checkSchema[T any](t *testing.T, pf *pq.File) {
	t.Helper()
	l := tabular.Of[T]()
	fields := pf.Schema().Fields()
	if len(fields) != len(l.Columns) {
		t.Fatalf("%d columns, want %d", len(fields), len(l.Columns))
	}
	for i, c := range l.Columns {
		f := fields[i]
		if f.Name() != c.Name {
			t.Fatalf("column %d is %q, want %q", i, f.Name(), c.Name)
		}
		if f.Optional() != c.Nullable || f.Repeated() {
			t.Errorf("%s: optional=%v, want %v", c.Name, f.Optional(), c.Nullable)
		}
		typ := f.Type()
		var lt format.LogicalTypeValue
		if l := typ.LogicalType(); l != nil {
			lt = l.Value
		}
		switch c.Kind {
		case tabular.String, tabular.ID:
			if _, ok := lt.(*format.StringType); typ.Kind() != pq.ByteArray || !ok {
				t.Errorf("%s: %v %v, want BYTE_ARRAY (STRING)", c.Name, typ.Kind(), lt)
			}
		case tabular.Date:
			if _, ok := lt.(*format.DateType); typ.Kind() != pq.Int32 || !ok {
				t.Errorf("%s: %v %v, want INT32 (DATE)", c.Name, typ.Kind(), lt)
			}
		case tabular.Timestamp:
			ts, ok := lt.(*format.TimestampType)
			if ok {
				_, ok = ts.Unit.Value.(*format.MicroSeconds)
				ok = ok && ts.IsAdjustedToUTC
			}
			if typ.Kind() != pq.Int64 || !ok {
				t.Errorf("%s: %v %v, want INT64 (TIMESTAMP(MICROS, UTC))", c.Name, typ.Kind(), lt)
			}
		case tabular.Int64:
			if it, ok := lt.(*format.IntType); typ.Kind() != pq.Int64 || (lt != nil && (!ok || it.BitWidth != 64 || !it.IsSigned)) {
				t.Errorf("%s: %v %v, want INT64", c.Name, typ.Kind(), lt)
			}
		case tabular.Bool:
			if typ.Kind() != pq.Boolean {
				t.Errorf("%s: %v, want BOOLEAN", c.Name, typ.Kind())
			}
		case tabular.Float64:
			if typ.Kind() != pq.Double {
				t.Errorf("%s: %v, want DOUBLE", c.Name, typ.Kind())
			}
		}
	}
}

// checkRows reads the file as generic rows and compares every value, and
// every null, with want.
func checkRows[T any](t *testing.T, pf *pq.File, want []T) {
	t.Helper()
	l := tabular.Of[T]()
	if pf.NumRows() != int64(len(want)) {
		t.Fatalf("%d rows, want %d", pf.NumRows(), len(want))
	}
	r := 0
	buf := make([]pq.Row, 100)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				exp := l.Values(want[r])
				if len(row) != len(exp) {
					t.Fatalf("row %d has %d values", r, len(row))
				}
				for _, v := range row {
					c := v.Column()
					var got any
					if !v.IsNull() {
						switch l.Columns[c].Kind {
						case tabular.String, tabular.ID:
							got = string(v.ByteArray())
						case tabular.Int64, tabular.Timestamp:
							got = v.Int64()
						case tabular.Date:
							got = v.Int32()
						case tabular.Bool:
							got = v.Boolean()
						case tabular.Float64:
							got = v.Double()
						}
					}
					if got != exp[c] {
						t.Fatalf("row %d column %s = %#v, want %#v", r, l.Columns[c].Name, got, exp[c])
					}
				}
				r++
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	if r != len(want) {
		t.Fatalf("read %d rows, want %d", r, len(want))
	}
}

// checkGeneric reads the file back into T with parquet-go's generic reader:
// the models round-trip exactly, but for their models.ID fields, which
// parquet-go does not read (it leaves them zero; see models.ID), so those are
// compared by checkRows and checkWithArrow only. It reads a NULL and an empty
// string alike, so it never stands alone: checkRows compares the definition
// levels.
// withoutIDs returns a copy of rows with their models.ID fields zero.
func withoutIDs[T any](rows []T) []T {
	out := slices.Clone(rows)
	l := tabular.Of[T]()
	for i := range out {
		v := reflect.ValueOf(&out[i]).Elem()
		for _, c := range l.Columns {
			if c.Kind == tabular.ID {
				f := v
				for _, name := range strings.Split(c.Field, ".") {
					f = f.FieldByName(name)
				}
				f.SetZero()
			}
		}
	}
	return out
}

func checkGeneric[T any](t *testing.T, path string, want []T) {
	t.Helper()
	want = withoutIDs(want)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := pq.NewGenericReader[T](f)
	defer r.Close()
	got := make([]T, len(want)+1)
	n, err := r.Read(got)
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Fatalf("read %d rows, want %d", n, len(want))
	}
	if len(want) > 0 && !reflect.DeepEqual(got[:n], want) {
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
	}
}

// checkWithArrow reads the file with Arrow's Parquet reader (a second,
// independent implementation) and compares it with an Arrow record built
// from want.
func checkWithArrow[T any](t *testing.T, path string, want []T) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	bld := tabular.NewBuilder[T]()
	bld.Append(want)
	exp := bld.Record()
	defer exp.Release()
	if tbl.NumRows() != exp.NumRows() {
		t.Fatalf("arrow read %d rows, want %d", tbl.NumRows(), exp.NumRows())
	}
	for i, c := range bld.Layout().Columns {
		f := tbl.Schema().Field(i)
		if f.Name != c.Name || !arrow.TypeEqual(f.Type, exp.Schema().Field(i).Type) {
			t.Errorf("arrow reads %s as %s %v, want %v", c.Name, f.Name, f.Type, exp.Schema().Field(i).Type)
			continue
		}
		got, err := array.Concatenate(tbl.Column(i).Data().Chunks(), memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		if !array.Equal(got, exp.Column(i)) {
			t.Errorf("arrow reads different values in %s", c.Name)
		}
		got.Release()
	}
}

func TestRoundTrip(t *testing.T) {
	for _, comp := range []string{CompressionZstd, CompressionSnappy, CompressionNone} {
		t.Run(comp, func(t *testing.T) {
			dir := t.TempDir()
			batches := synth.Split(25_000, 60, 7, 11)
			all := synth.Concat(batches)
			practices := synth.Practices(30, 5)
			// A small row group so the files hold several.
			reg := writeDataset(t, dir, Options{Compression: comp, RowGroupRows: 1000}, practices, generator.Part{First: 25_000, End: 25_060}, batches)
			base := filepath.Join(dir, "parquet")
			part := "part-0000025000.parquet"

			pf := openParquet(t, filepath.Join(base, "observations", part))
			checkSchema[models.Observation](t, pf)
			checkRows(t, pf, all.Observations)
			if len(pf.RowGroups()) < 2 {
				t.Errorf("observations: %d row groups, want several", len(pf.RowGroups()))
			}
			for _, rg := range pf.RowGroups() {
				if rg.NumRows() > 1024 {
					t.Errorf("row group of %d rows, want at most 1024", rg.NumRows())
				}
			}

			pf = openParquet(t, filepath.Join(base, "encounters", part))
			checkSchema[models.Encounter](t, pf)
			checkRows(t, pf, all.Encounters)
			pf = openParquet(t, filepath.Join(base, "patients", part))
			checkSchema[models.Patient](t, pf)
			checkRows(t, pf, all.Patients)
			pf = openParquet(t, filepath.Join(base, "conditions", part))
			checkSchema[models.Condition](t, pf)
			checkRows(t, pf, all.Conditions)
			pf = openParquet(t, filepath.Join(base, "prescriptions", part))
			checkSchema[models.Prescription](t, pf)
			checkRows(t, pf, all.Prescriptions)
			pf = openParquet(t, filepath.Join(base, "practices", "part-0000000000.parquet"))
			checkSchema[models.Practice](t, pf)
			checkRows(t, pf, practices)

			checkGeneric(t, filepath.Join(base, "observations", part), all.Observations)
			checkGeneric(t, filepath.Join(base, "conditions", part), all.Conditions)
			checkGeneric(t, filepath.Join(base, "patients", part), all.Patients)
			checkGeneric(t, filepath.Join(base, "practices", "part-0000000000.parquet"), practices)

			checkWithArrow(t, filepath.Join(base, "observations", part), all.Observations)
			checkWithArrow(t, filepath.Join(base, "encounters", part), all.Encounters)
			checkWithArrow(t, filepath.Join(base, "patients", part), all.Patients)
			checkWithArrow(t, filepath.Join(base, "conditions", part), all.Conditions)
			checkWithArrow(t, filepath.Join(base, "prescriptions", part), all.Prescriptions)
			checkWithArrow(t, filepath.Join(base, "immunisations", part), all.Immunisations)
			checkWithArrow(t, filepath.Join(base, "allergies", part), all.Allergies)
			checkGeneric(t, filepath.Join(base, "immunisations", part), all.Immunisations)
			checkGeneric(t, filepath.Join(base, "allergies", part), all.Allergies)
			checkWithArrow(t, filepath.Join(base, "registrations", part), all.Registrations)
			checkGeneric(t, filepath.Join(base, "registrations", part), all.Registrations)
			checkWithArrow(t, filepath.Join(base, "practices", "part-0000000000.parquet"), practices)

			checkRegistry(t, reg, "part-0000025000", all, len(practices))
		})
	}
}

// checkRegistry checks the registry holds every file once, with the right
// table, format, rows, size and hash.
func checkRegistry(t *testing.T, reg *outfile.Registry, part string, all *models.Batch, practices int) {
	t.Helper()
	want := map[string]int{
		"parquet/conditions/" + part + ".parquet":    len(all.Conditions),
		"parquet/encounters/" + part + ".parquet":    len(all.Encounters),
		"parquet/observations/" + part + ".parquet":  len(all.Observations),
		"parquet/patients/" + part + ".parquet":      len(all.Patients),
		"parquet/prescriptions/" + part + ".parquet": len(all.Prescriptions),
		"parquet/immunisations/" + part + ".parquet": len(all.Immunisations),
		"parquet/allergies/" + part + ".parquet":     len(all.Allergies),
		"parquet/registrations/" + part + ".parquet": len(all.Registrations),
	}
	if practices >= 0 {
		want["parquet/practices/part-0000000000.parquet"] = practices
	}
	recs := reg.Records()
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d: %+v", len(recs), len(want), recs)
	}
	for _, rec := range recs {
		rows, ok := want[rec.Path]
		if !ok {
			t.Errorf("unexpected record %s", rec.Path)
			continue
		}
		table := strings.Split(rec.Path, "/")[1]
		if rec.Table != table || rec.Format != "parquet" || rec.Rows != int64(rows) {
			t.Errorf("%s: table %q format %q rows %d, want %q parquet %d", rec.Path, rec.Table, rec.Format, rec.Rows, table, rows)
		}
		data, err := os.ReadFile(filepath.Join(reg.Root, rec.Path))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if rec.Bytes != int64(len(data)) || rec.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: registry says %d bytes %s, file has %d bytes %x", rec.Path, rec.Bytes, rec.SHA256, len(data), sum)
		}
	}
}

func TestDeterministic(t *testing.T) {
	part := generator.Part{First: 50_000, End: 50_150}
	practices := synth.Practices(10, 1)
	hashes := func(batchPatients int, opts Options) map[string]string {
		reg := writeDataset(t, t.TempDir(), opts, practices, part, synth.Split(part.First, 150, batchPatients, 11))
		out := map[string]string{}
		for _, r := range reg.Records() {
			out[r.Path] = r.SHA256
		}
		return out
	}
	opts := Options{RowGroupRows: 2048}
	a := hashes(10, opts)
	// Same rows, same batches: same bytes.
	if b := hashes(10, opts); !reflect.DeepEqual(a, b) {
		t.Errorf("same input, different files:\n%v\n%v", a, b)
	}
	// Same rows in different batches: still the same bytes.
	for _, size := range []int{1, 33, 150} {
		if b := hashes(size, opts); !reflect.DeepEqual(a, b) {
			t.Errorf("batches of %d patients give different files:\n%v\n%v", size, a, b)
		}
	}
	// The options matter (a check that the hashes mean something).
	if b := hashes(10, Options{RowGroupRows: 2048, Compression: CompressionZstd}); b["parquet/observations/part-0000050000.parquet"] == a["parquet/observations/part-0000050000.parquet"] {
		t.Error("snappy and zstd files are identical")
	}
}

func TestFileMetadata(t *testing.T) {
	for _, tc := range []struct {
		compression string
		codec       format.CompressionCodec
		idEncoding  format.Encoding
	}{
		{"", format.Snappy, format.DeltaByteArray},
		{CompressionSnappy, format.Snappy, format.DeltaByteArray},
		{CompressionZstd, format.Zstd, format.DeltaByteArray},
		{CompressionNone, format.Uncompressed, format.DeltaByteArray},
	} {
		t.Run(tc.compression, func(t *testing.T) {
			dir := t.TempDir()
			writeDataset(t, dir, Options{Compression: tc.compression}, nil, generator.Part{First: 0, End: 20}, synth.Split(0, 20, 20, 11))
			pf := openParquet(t, filepath.Join(dir, "parquet", "observations", "part-0000000000.parquet"))
			md := pf.Metadata()
			if md.CreatedBy != createdBy {
				t.Errorf("created_by %q, want %q", md.CreatedBy, createdBy)
			}
			if len(md.KeyValueMetadata) != 0 {
				t.Errorf("key/value metadata %v", md.KeyValueMetadata)
			}
			// The classes reached the file: dictionary for codes and
			// units, delta for times and ids, the codec for values
			// only.
			enc := map[string]format.ColumnMetaData{}
			for _, c := range md.RowGroups[0].Columns {
				enc[c.MetaData.PathInSchema[0]] = c.MetaData
			}
			has := func(col string, e format.Encoding) bool {
				for _, x := range enc[col].Encoding {
					if x == e {
						return true
					}
				}
				return false
			}
			if !has("snomed_code", format.RLEDictionary) || enc["snomed_code"].Codec != format.Uncompressed {
				t.Errorf("snomed_code: %v %v", enc["snomed_code"].Encoding, enc["snomed_code"].Codec)
			}
			if !has("patient_id", tc.idEncoding) || enc["patient_id"].Codec != format.Uncompressed {
				t.Errorf("patient_id: %v %v", enc["patient_id"].Encoding, enc["patient_id"].Codec)
			}
			if !has("unit", format.RLEDictionary) || enc["unit"].Codec != format.Uncompressed {
				t.Errorf("unit: %v %v", enc["unit"].Encoding, enc["unit"].Codec)
			}
			if !has("observation_id", tc.idEncoding) || enc["observation_id"].Codec != format.Uncompressed {
				t.Errorf("observation_id: %v %v, want %v uncompressed", enc["observation_id"].Encoding, enc["observation_id"].Codec, tc.idEncoding)
			}
			if !has("effective_time", format.DeltaBinaryPacked) || enc["effective_time"].Codec != format.Uncompressed {
				t.Errorf("effective_time: %v %v", enc["effective_time"].Encoding, enc["effective_time"].Codec)
			}
			if enc["value"].Codec != tc.codec {
				t.Errorf("value: %v", enc["value"].Codec)
			}
			st := enc["effective_time"].Statistics
			if len(st.MinValue) == 0 || len(st.MaxValue) == 0 {
				t.Error("no min/max statistics on effective_time")
			}
		})
	}
}

func TestPracticesOnly(t *testing.T) {
	dir := t.TempDir()
	reg := outfile.NewRegistry(dir)
	practices := synth.Practices(7, 9)
	if err := NewSink(reg, Options{}).WritePractices(practices); err != nil {
		t.Fatal(err)
	}
	recs := reg.Records()
	if len(recs) != 1 || recs[0].Path != "parquet/practices/part-0000000000.parquet" || recs[0].Rows != 7 || recs[0].Table != "practices" {
		t.Fatalf("records %+v", recs)
	}
	pf := openParquet(t, filepath.Join(dir, recs[0].Path))
	checkSchema[models.Practice](t, pf)
	checkRows(t, pf, practices)
	checkGeneric(t, filepath.Join(dir, recs[0].Path), practices)
}

func TestEmptyPart(t *testing.T) {
	dir := t.TempDir()
	reg := writeDataset(t, dir, Options{}, nil, generator.Part{First: 0, End: 0}, []*models.Batch{{}})
	checkRegistry(t, reg, "part-0000000000", &models.Batch{}, -1)
	pf := openParquet(t, filepath.Join(dir, "parquet", "encounters", "part-0000000000.parquet"))
	checkSchema[models.Encounter](t, pf)
	checkRows(t, pf, []models.Encounter{})
}

func TestBadOptions(t *testing.T) {
	s := NewSink(outfile.NewRegistry(t.TempDir()), Options{Compression: "lzma"})
	if _, err := s.OpenPart(generator.Part{}); err == nil || !strings.Contains(err.Error(), "lzma") {
		t.Errorf("OpenPart: %v", err)
	}
	if err := s.WritePractices(nil); err == nil {
		t.Error("WritePractices: no error")
	}
}

// TestConcurrentParts writes two parts at once through one sink, as two
// workers do, and checks the files are those a lone writer makes.
func TestConcurrentParts(t *testing.T) {
	parts := []generator.Part{{First: 0, End: 40}, {First: 40, End: 80}}
	alone := map[string]string{}
	for _, p := range parts {
		reg := writeDataset(t, t.TempDir(), Options{RowGroupRows: 512}, nil, p, synth.Split(p.First, 40, 9, 3))
		for _, r := range reg.Records() {
			alone[r.Path] = r.SHA256
		}
	}
	reg := outfile.NewRegistry(t.TempDir())
	s := NewSink(reg, Options{RowGroupRows: 512})
	errs := make(chan error, len(parts))
	for _, p := range parts {
		go func() {
			pw, err := s.OpenPart(p)
			if err != nil {
				errs <- err
				return
			}
			for _, b := range synth.Split(p.First, 40, 9, 3) {
				if err := pw.Write(b); err != nil {
					errs <- err
					return
				}
			}
			errs <- pw.Close()
		}()
	}
	for range parts {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	together := map[string]string{}
	for _, r := range reg.Records() {
		together[r.Path] = r.SHA256
	}
	if len(alone) != 2*len(models.PatientTables) || !reflect.DeepEqual(alone, together) {
		t.Errorf("concurrent parts differ:\n%v\n%v", alone, together)
	}
}
