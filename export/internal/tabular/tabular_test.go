package tabular

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/models"
)

func TestLayoutObservation(t *testing.T) {
	l := Of[models.Observation]()
	want := []struct {
		name     string
		kind     Kind
		nullable bool
	}{
		{"observation_id", ID, false},
		{"patient_id", String, false},
		{"encounter_id", String, false},
		{"snomed_code", String, false},
		{"loinc_code", String, true},
		{"description", String, false},
		{"value", Float64, true},
		{"unit", String, true},
		{"value_code", String, true},
		{"value_display", String, true},
		{"effective_time", Timestamp, false},
	}
	if len(l.Columns) != len(want) {
		t.Fatalf("%d columns, want %d", len(l.Columns), len(want))
	}
	for i, w := range want {
		c := l.Columns[i]
		if c.Name != w.name || c.Kind != w.kind || c.Nullable != w.nullable {
			t.Errorf("column %d = %s %v nullable=%v, want %s %v nullable=%v", i, c.Name, c.Kind, c.Nullable, w.name, w.kind, w.nullable)
		}
	}
	if Of[models.Observation]() != l {
		t.Error("layout not cached")
	}
	ts := l.Schema.Field(10).Type.(*arrow.TimestampType)
	if ts.Unit != arrow.Microsecond || ts.TimeZone != "UTC" {
		t.Errorf("effective_time is %v", ts)
	}
}

func TestLayoutDatesAndFlags(t *testing.T) {
	l := Of[models.Condition]()
	for name, want := range map[string]struct {
		kind     Kind
		nullable bool
		arrow    arrow.Type
	}{
		"onset_date":             {Date, false, arrow.DATE32},
		"resolved_date":          {Date, true, arrow.DATE32},
		"chronic":                {Bool, false, arrow.BOOL},
		"diagnosis_encounter_id": {String, true, arrow.STRING},
	} {
		c := l.Column(name)
		if c == nil {
			t.Fatalf("no column %s", name)
		}
		if c.Kind != want.kind || c.Nullable != want.nullable {
			t.Errorf("%s: %v nullable=%v", name, c.Kind, c.Nullable)
		}
		f, _ := l.Schema.FieldsByName(name)
		if f[0].Type.ID() != want.arrow || f[0].Nullable != want.nullable {
			t.Errorf("%s: arrow field %v", name, f[0])
		}
	}
	if l.Column("nope") != nil {
		t.Error("found a column that does not exist")
	}
}

func TestLayoutErrors(t *testing.T) {
	type dateOnString struct {
		A string `parquet:"a,date"`
	}
	type dateWithoutTag struct {
		A models.Date `parquet:"a"`
	}
	type tsWithoutTag struct {
		A models.Timestamp `parquet:"a"`
	}
	type noTag struct {
		A string
	}
	type dup struct {
		A string `parquet:"a"`
		B string `parquet:"a"`
	}
	type optionalBool struct {
		A bool `parquet:"a,optional"`
	}
	type unknownOption struct {
		A string `parquet:"a,zstd"`
	}
	type unsupported struct {
		A int32 `parquet:"a"`
	}
	for name, typ := range map[string]reflect.Type{
		"date on string":   reflect.TypeFor[dateOnString](),
		"date without tag": reflect.TypeFor[dateWithoutTag](),
		"ts without tag":   reflect.TypeFor[tsWithoutTag](),
		"no tag":           reflect.TypeFor[noTag](),
		"duplicate":        reflect.TypeFor[dup](),
		"optional bool":    reflect.TypeFor[optionalBool](),
		"unknown option":   reflect.TypeFor[unknownOption](),
		"unsupported type": reflect.TypeFor[unsupported](),
		"not a struct":     reflect.TypeFor[string](),
	} {
		if _, err := layoutOf(typ); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestEveryModelHasALayout(t *testing.T) {
	// Of panics on a tag it cannot map.
	Of[models.Patient]()
	Of[models.Practice]()
	Of[models.Condition]()
	Of[models.Encounter]()
	Of[models.Prescription]()
	Of[models.Observation]()
}

// checkRecord compares a record with rows, value by value, against Values.
func checkRecord[T any](t *testing.T, rec arrow.RecordBatch, rows []T) {
	t.Helper()
	l := Of[T]()
	if int(rec.NumRows()) != len(rows) {
		t.Fatalf("%d rows, want %d", rec.NumRows(), len(rows))
	}
	if !rec.Schema().Equal(l.Schema) {
		t.Fatalf("schema %v, want %v", rec.Schema(), l.Schema)
	}
	for r, row := range rows {
		want := l.Values(row)
		for c := range l.Columns {
			col := rec.Column(c)
			var got any
			if !col.IsNull(r) {
				switch a := col.(type) {
				case *array.String:
					got = a.Value(r)
				case *array.Int64:
					got = a.Value(r)
				case *array.Boolean:
					got = a.Value(r)
				case *array.Date32:
					got = int32(a.Value(r))
				case *array.Timestamp:
					got = int64(a.Value(r))
				case *array.Float64:
					got = a.Value(r)
				default:
					t.Fatalf("column %s is a %T", l.Columns[c].Name, col)
				}
			}
			if got != want[c] {
				t.Fatalf("row %d column %s = %#v, want %#v", r, l.Columns[c].Name, got, want[c])
			}
		}
	}
}

func TestBuilderRoundTrip(t *testing.T) {
	b := synth.Batch(0, 40, synth.DefaultShape, 3)
	t.Run("conditions", func(t *testing.T) {
		bld := NewBuilder[models.Condition]()
		// Appends of odd sizes cross bitmap bytes.
		rows := b.Conditions
		for i := 0; i < len(rows); i += 7 {
			bld.Append(rows[i:min(i+7, len(rows))])
		}
		rec := bld.Record()
		defer rec.Release()
		checkRecord(t, rec, rows)
	})
	t.Run("observations", func(t *testing.T) {
		bld := NewBuilder[models.Observation]()
		bld.Append(b.Observations[:5])
		bld.Reset() // reused buffers must not leak old values
		bld.Append(b.Observations[:3])
		bld.Append(b.Observations[3:])
		rec := bld.Record()
		defer rec.Release()
		checkRecord(t, rec, b.Observations)
		var nulls int
		for _, o := range b.Observations {
			if o.Value == nil {
				nulls++
			}
		}
		if nulls == 0 || rec.Column(6).NullN() != nulls {
			t.Errorf("value has %d nulls, want %d (>0)", rec.Column(6).NullN(), nulls)
		}
	})
	t.Run("patients", func(t *testing.T) {
		bld := NewBuilder[models.Patient]()
		bld.Append(b.Patients)
		rec := bld.Record()
		defer rec.Release()
		checkRecord(t, rec, b.Patients)
	})
	t.Run("no nulls, no validity bitmap", func(t *testing.T) {
		bld := NewBuilder[models.Encounter]()
		rows := []models.Encounter{{EncounterID: "e", ReasonConditionID: "c", AdmissionMethod: "11"}}
		bld.Append(rows)
		rec := bld.Record()
		defer rec.Release()
		if rec.Column(9).Data().Buffers()[0] != nil {
			t.Error("validity bitmap without nulls")
		}
		checkRecord(t, rec, rows)
	})
	t.Run("empty strings in a required column stay strings", func(t *testing.T) {
		bld := NewBuilder[models.Encounter]()
		rows := []models.Encounter{{}, {EncounterID: "x"}}
		bld.Append(rows)
		rec := bld.Record()
		defer rec.Release()
		if rec.Column(0).IsNull(0) || rec.Column(9).NullN() != 2 {
			t.Error("wrong nulls")
		}
		checkRecord(t, rec, rows)
	})
}

func TestValuesNulls(t *testing.T) {
	l := Of[models.Condition]()
	v := l.Values(models.Condition{ConditionID: "c", Chronic: false})
	if v[l.index("resolved_date")] != nil || v[l.index("diagnosis_encounter_id")] != nil {
		t.Error("zero optional values are not null")
	}
	if v[l.index("chronic")] != false || v[l.index("onset_date")] != int32(0) || v[l.index("condition_key")] != "" {
		t.Error("required zero values are null")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "layout") {
			t.Errorf("Values of the wrong type: %v", r)
		}
	}()
	l.Values(models.Patient{})
}

func (l *Layout) index(name string) int {
	for i, c := range l.Columns {
		if c.Name == name {
			return i
		}
	}
	panic(name)
}

// TestInlineStructColumns: a delta row's layout is its operation, then the
// row's own columns at their place inside the wrapper.
func TestInlineStructColumns(t *testing.T) {
	l := Of[models.Changed[models.Condition]]()
	inner := Of[models.Condition]()
	if len(l.Columns) != len(inner.Columns)+1 || l.Columns[0].Name != "op" {
		t.Fatalf("columns %v", l.Schema)
	}
	row := models.Changed[models.Condition]{Op: models.OpUpdate, Row: models.Condition{ConditionID: "c1", OnsetDate: 20000}}
	got, want := l.Values(row), append([]any{models.OpUpdate}, inner.Values(row.Row)...)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("values %v, want %v", got, want)
	}
	for i, c := range inner.Columns {
		if o := l.Columns[i+1]; o.Name != c.Name || o.Offset != c.Offset+unsafe.Offsetof(row.Row) || o.Kind != c.Kind {
			t.Errorf("column %d: %+v, inner %+v", i+1, o, c)
		}
	}
}

// idRow has id columns held as integers, one of them nullable.
type idRow struct {
	ID   models.ID `parquet:"id"`
	Ref  models.ID `parquet:"ref,optional"`
	Name string    `parquet:"name"`
}

// TestIDColumns checks that ids held as integers become string columns of
// the formatted ids: the zero ID null where the column is optional, "" where
// it is not.
func TestIDColumns(t *testing.T) {
	l := Of[idRow]()
	if l.Columns[0].Kind != ID || l.Columns[1].Kind != ID || !l.Columns[1].Nullable {
		t.Fatalf("columns %+v", l.Columns)
	}
	a, _ := models.ParseID("3f0c5a1e-8b2d-4e71-a9c4-200000000007")
	b, _ := models.ParseID("3f0c5a1e-8b2d-4e71-a9c4-400000000008")
	rows := []idRow{{ID: a, Ref: b, Name: "x"}, {ID: b}, {Ref: a}, {ID: a, Ref: a}}
	bld := NewBuilder[idRow]()
	for i := range rows {
		bld.Append(rows[i : i+1]) // one at a time: bitmaps across calls
	}
	rec := bld.Record()
	defer rec.Release()
	checkRecord(t, rec, rows)
	if rec.Column(1).NullN() != 1 || rec.Column(0).NullN() != 0 || !rec.Column(1).IsNull(1) {
		t.Errorf("nulls: id %d, ref %d", rec.Column(0).NullN(), rec.Column(1).NullN())
	}
	if got := fmt.Sprint(l.Values(rows[0])); got != "[3f0c5a1e-8b2d-4e71-a9c4-200000000007 3f0c5a1e-8b2d-4e71-a9c4-400000000008 x]" {
		t.Errorf("values %s", got)
	}
}
