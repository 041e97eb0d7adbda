package arrow

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

func writeDataset(t *testing.T, dir string, opts Options, practices []models.Practice, part generator.Part, batches []*models.Batch) *outfile.Registry {
	t.Helper()
	reg := outfile.NewRegistry(dir)
	s := NewSink(reg, opts)
	if practices != nil {
		if err := s.WritePractices(practices); err != nil {
			t.Fatal(err)
		}
	}
	pw, err := s.OpenPart(part)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if err := pw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return reg
}

// readFile reads an IPC file, checks its schema against T's tags, checks
// every record batch but the last has batchRows rows, and compares every
// value and null with want.
func readFile[T any](t *testing.T, path string, batchRows int, want []T) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ipc.NewFileReader(bytes.NewReader(data), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer r.Close()
	checkSchema[T](t, r.Schema())
	l := tabular.Of[T]()
	row := 0
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		n := int(rec.NumRows())
		if i < r.NumRecords()-1 && n != batchRows {
			t.Errorf("record batch %d has %d rows, want %d", i, n, batchRows)
		}
		if n == 0 || n > batchRows {
			t.Errorf("record batch %d has %d rows", i, n)
		}
		for j := 0; j < n; j++ {
			if row >= len(want) {
				t.Fatalf("more than %d rows", len(want))
			}
			exp := l.Values(want[row])
			for c := range l.Columns {
				col := rec.Column(c)
				var got any
				if !col.IsNull(j) {
					switch a := col.(type) {
					case *array.String:
						got = a.Value(j)
					case *array.Int64:
						got = a.Value(j)
					case *array.Boolean:
						got = a.Value(j)
					case *array.Date32:
						got = int32(a.Value(j))
					case *array.Timestamp:
						got = int64(a.Value(j))
					case *array.Float64:
						got = a.Value(j)
					default:
						t.Fatalf("%s is a %T", l.Columns[c].Name, col)
					}
				}
				if got != exp[c] {
					t.Fatalf("row %d column %s = %#v, want %#v", row, l.Columns[c].Name, got, exp[c])
				}
			}
			row++
		}
	}
	if row != len(want) {
		t.Fatalf("read %d rows, want %d", row, len(want))
	}
}

// checkSchema checks the Arrow schema against the models' tags, spelled out
// independently of package tabular.
func checkSchema[T any](t *testing.T, s *arrow.Schema) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	if s.NumFields() != typ.NumField() {
		t.Fatalf("%d fields, want %d", s.NumFields(), typ.NumField())
	}
	for i := 0; i < typ.NumField(); i++ {
		sf := typ.Field(i)
		tag := strings.Split(sf.Tag.Get("parquet"), ",")
		f := s.Field(i)
		optional := strings.Contains(sf.Tag.Get("parquet"), ",optional") || sf.Type.Kind() == reflect.Pointer
		if f.Name != tag[0] || f.Nullable != optional {
			t.Errorf("field %d: %s nullable=%v, want %s nullable=%v", i, f.Name, f.Nullable, tag[0], optional)
		}
		var want arrow.DataType
		switch {
		case sf.Type == reflect.TypeFor[models.Date]():
			want = arrow.FixedWidthTypes.Date32
		case sf.Type == reflect.TypeFor[models.Timestamp]():
			want = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
		case sf.Type.Kind() == reflect.String, sf.Type == reflect.TypeFor[models.ID]():
			want = arrow.BinaryTypes.String
		case sf.Type.Kind() == reflect.Int64:
			want = arrow.PrimitiveTypes.Int64
		case sf.Type.Kind() == reflect.Bool:
			want = arrow.FixedWidthTypes.Boolean
		case sf.Type == reflect.TypeFor[*float64]():
			want = arrow.PrimitiveTypes.Float64
		}
		if !arrow.TypeEqual(f.Type, want) {
			t.Errorf("%s: %v, want %v", f.Name, f.Type, want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, comp := range []string{CompressionNone, CompressionZstd, CompressionLZ4} {
		t.Run(comp, func(t *testing.T) {
			dir := t.TempDir()
			batches := synth.Split(25_000, 40, 3, 4)
			all := synth.Concat(batches)
			practices := synth.Practices(12, 2)
			const batchRows = 500 // small, to get several record batches
			reg := writeDataset(t, dir, Options{BatchRows: batchRows, Compression: comp}, practices, generator.Part{First: 25_000, End: 25_040}, batches)
			base := filepath.Join(dir, "arrow")
			part := "part-0000025000.arrow"
			readFile(t, filepath.Join(base, "patients", part), batchRows, all.Patients)
			readFile(t, filepath.Join(base, "conditions", part), batchRows, all.Conditions)
			readFile(t, filepath.Join(base, "encounters", part), batchRows, all.Encounters)
			readFile(t, filepath.Join(base, "prescriptions", part), batchRows, all.Prescriptions)
			readFile(t, filepath.Join(base, "observations", part), batchRows, all.Observations)
			readFile(t, filepath.Join(base, "immunisations", part), batchRows, all.Immunisations)
			readFile(t, filepath.Join(base, "allergies", part), batchRows, all.Allergies)
			readFile(t, filepath.Join(base, "registrations", part), batchRows, all.Registrations)
			readFile(t, filepath.Join(base, "practices", "part-0000000000.arrow"), batchRows, practices)
			if len(all.Observations) <= 2*batchRows {
				t.Fatalf("only %d observations: the test needs several batches", len(all.Observations))
			}
			checkRegistry(t, reg, "part-0000025000", all, len(practices))
		})
	}
}

func checkRegistry(t *testing.T, reg *outfile.Registry, part string, all *models.Batch, practices int) {
	t.Helper()
	want := map[string]int{
		"arrow/conditions/" + part + ".arrow":    len(all.Conditions),
		"arrow/encounters/" + part + ".arrow":    len(all.Encounters),
		"arrow/observations/" + part + ".arrow":  len(all.Observations),
		"arrow/patients/" + part + ".arrow":      len(all.Patients),
		"arrow/prescriptions/" + part + ".arrow": len(all.Prescriptions),
		"arrow/immunisations/" + part + ".arrow": len(all.Immunisations),
		"arrow/allergies/" + part + ".arrow":     len(all.Allergies),
		"arrow/registrations/" + part + ".arrow": len(all.Registrations),
	}
	if practices >= 0 {
		want["arrow/practices/part-0000000000.arrow"] = practices
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
		if rec.Table != table || rec.Format != "arrow" || rec.Rows != int64(rows) {
			t.Errorf("%s: table %q format %q rows %d, want %q arrow %d", rec.Path, rec.Table, rec.Format, rec.Rows, table, rows)
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
	part := generator.Part{First: 75_000, End: 75_090}
	practices := synth.Practices(10, 1)
	hashes := func(batchPatients int, opts Options) map[string]string {
		reg := writeDataset(t, t.TempDir(), opts, practices, part, synth.Split(part.First, 90, batchPatients, 8))
		out := map[string]string{}
		for _, r := range reg.Records() {
			out[r.Path] = r.SHA256
		}
		return out
	}
	opts := Options{BatchRows: 1000}
	a := hashes(10, opts)
	if b := hashes(10, opts); !reflect.DeepEqual(a, b) {
		t.Errorf("same input, different files:\n%v\n%v", a, b)
	}
	for _, size := range []int{1, 17, 90} {
		if b := hashes(size, opts); !reflect.DeepEqual(a, b) {
			t.Errorf("batches of %d patients give different files:\n%v\n%v", size, a, b)
		}
	}
	if b := hashes(10, Options{BatchRows: 999}); b["arrow/observations/part-0000075000.arrow"] == a["arrow/observations/part-0000075000.arrow"] {
		t.Error("different batch sizes, identical files")
	}
	z := Options{BatchRows: 1000, Compression: CompressionZstd}
	if b, c := hashes(10, z), hashes(45, z); !reflect.DeepEqual(b, c) {
		t.Errorf("zstd files differ:\n%v\n%v", b, c)
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
	if len(recs) != 1 || recs[0].Path != "arrow/practices/part-0000000000.arrow" || recs[0].Rows != 7 || recs[0].Table != "practices" {
		t.Fatalf("records %+v", recs)
	}
	readFile(t, filepath.Join(dir, recs[0].Path), DefaultBatchRows, practices)
}

func TestEmptyPart(t *testing.T) {
	dir := t.TempDir()
	reg := writeDataset(t, dir, Options{}, nil, generator.Part{}, []*models.Batch{{}})
	checkRegistry(t, reg, "part-0000000000", &models.Batch{}, -1)
	readFile(t, filepath.Join(dir, "arrow", "observations", "part-0000000000.arrow"), DefaultBatchRows, []models.Observation{})
}

func TestBadOptions(t *testing.T) {
	s := NewSink(outfile.NewRegistry(t.TempDir()), Options{Compression: "brotli"})
	if _, err := s.OpenPart(generator.Part{}); err == nil || !strings.Contains(err.Error(), "brotli") {
		t.Errorf("OpenPart: %v", err)
	}
	if err := s.WritePractices(nil); err == nil {
		t.Error("WritePractices: no error")
	}
}
