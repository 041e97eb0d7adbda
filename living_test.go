package cohortgen_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/internal/readback"
	"github.com/code4health/cohortgen/models"
)

// rowIDs names each patient table's own id column, the key a MERGE matches on.
var rowIDs = map[string]string{
	models.TablePatients: "patient_id", models.TableConditions: "condition_id", models.TableEncounters: "encounter_id",
	models.TablePrescriptions: "prescription_id", models.TableObservations: "observation_id",
	models.TableImmunisations: "immunisation_id", models.TableAllergies: "allergy_id", models.TableRegistrations: "registration_id",
}

// livingRuns generates, with one horizon, the record at a, the record at b
// and the delta from a to b, in the given formats.
func livingRuns(t *testing.T, n int64, formats ...string) (base, full, delta string) {
	t.Helper()
	a, b := generator.DefaultAsOf, generator.DefaultAsOf+61
	dir := t.TempDir()
	run := func(name string, asOf, since models.Date) string {
		out := filepath.Join(dir, name)
		generate(t, config(t, out, n, func(c *cohortgen.Config) {
			c.Formats, c.AsOf, c.Since = formats, asOf, since
			c.PopulationDate, c.Horizon = generator.DefaultAsOf, generator.DefaultAsOf+365
		}))
		return out
	}
	return run("base", a, 0), run("full", b, 0), run("delta", b, a)
}

// TestDeltaMergedIntoItsBaseIsTheLaterDataset applies a delta's tables to
// its base as one MERGE per table would (insert the rows marked insert,
// replace those marked update, by id) and compares the result with the
// dataset generated at the later date, value for value and null for null,
// in Parquet and in Arrow; and loads the delta's FHIR resources over the
// base's (PUT by type and id) and compares them with the later dataset's.
func TestDeltaMergedIntoItsBaseIsTheLaterDataset(t *testing.T) {
	base, full, delta := livingRuns(t, 600, "parquet", "arrow", "fhir-ndjson")
	for _, format := range []string{"parquet", "arrow"} {
		for _, table := range models.PatientTables {
			b, err := readback.ReadDir(base, format, table)
			check(t, err)
			f, err := readback.ReadDir(full, format, table)
			check(t, err)
			d, err := readback.ReadDir(delta, format, table)
			check(t, err)
			merged := rowsByID(t, b, rowIDs[table], "")
			ops := d.Column("op")
			if ops == nil || d.Columns[0] != ops || ops.Nullable {
				t.Fatalf("%s %s delta: no leading non-null op column", format, table)
			}
			for id, row := range rowsByID(t, d, rowIDs[table], "op") {
				_, held := merged[id]
				if op := row.op; (op == models.OpInsert) == held || (op != models.OpInsert && op != models.OpUpdate) {
					t.Fatalf("%s %s: %s %s, which the base holds: %v", format, table, op, id, held)
				}
				merged[id] = row
			}
			want := rowsByID(t, f, rowIDs[table], "")
			if len(merged) != len(want) {
				t.Fatalf("%s %s: %d rows after the merge, %d in the later dataset", format, table, len(merged), len(want))
			}
			for id, w := range want {
				if merged[id].values != w.values {
					t.Fatalf("%s %s %s after the merge:\n %s\n want %s", format, table, id, merged[id].values, w.values)
				}
			}
		}
	}
	resources := ndjsonResources(t, base)
	for k, v := range ndjsonResources(t, delta) {
		resources[k] = v
	}
	want := ndjsonResources(t, full)
	if len(resources) != len(want) {
		t.Fatalf("FHIR: %d resources after loading the delta, %d in the later dataset", len(resources), len(want))
	}
	for k, v := range want {
		if resources[k] != v {
			t.Fatalf("FHIR %s after loading the delta:\n %s\n want %s", k, resources[k], v)
		}
	}
	m, err := cohortgen.ReadManifest(delta)
	check(t, err)
	if m.Since != generator.DefaultAsOf.String() || m.AsOf != (generator.DefaultAsOf+61).String() || m.Horizon == "" || m.PopulationDate == "" {
		t.Errorf("delta manifest: since %q as_of %q horizon %q population_date %q", m.Since, m.AsOf, m.Horizon, m.PopulationDate)
	}
}

type mergeRow struct{ op, values string }

// rowsByID keys a table's rows by their id column, each row's values
// (a null distinct from an empty string) joined; the skip column is kept
// apart as the op.
func rowsByID(t *testing.T, tb *readback.Table, idCol, skip string) map[string]mergeRow {
	t.Helper()
	id := tb.Column(idCol)
	if id == nil {
		t.Fatalf("%s: no %s column", tb.Name, idCol)
	}
	out := make(map[string]mergeRow, tb.Rows)
	for r := 0; r < tb.Rows; r++ {
		var row mergeRow
		var vals []string
		for _, c := range tb.Columns {
			if c.Name == skip {
				row.op = c.Str[r]
				continue
			}
			vals = append(vals, c.Name+"="+c.Value(r))
		}
		row.values = strings.Join(vals, " ")
		if _, dup := out[id.Str[r]]; dup {
			t.Fatalf("%s: id %s twice", tb.Name, id.Str[r])
		}
		out[id.Str[r]] = row
	}
	return out
}

// ndjsonResources maps "Type/id" to each resource's JSON line.
func ndjsonResources(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "fhir", "*.ndjson"))
	check(t, err)
	if len(files) == 0 {
		t.Fatalf("%s: no NDJSON files", dir)
	}
	out := map[string]string{}
	for _, path := range files {
		f, err := os.Open(path)
		check(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var head struct{ ResourceType, ID string }
			check(t, json.Unmarshal(sc.Bytes(), &head))
			out[head.ResourceType+"/"+head.ID] = sc.Text()
		}
		check(t, sc.Err())
		f.Close()
	}
	return out
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestDeltasAreDeterministic: a delta's bytes do not depend on the number
// of workers, and its shards' tables together are the whole delta's.
func TestDeltasAreDeterministic(t *testing.T) {
	dir := t.TempDir()
	const n = 26_000 // two parts, so two workers really write in parallel
	delta := func(name string, mutate func(*cohortgen.Config)) (string, *cohortgen.Manifest) {
		out := filepath.Join(dir, name)
		return out, generate(t, config(t, out, n, func(c *cohortgen.Config) {
			c.Formats = []string{"parquet"}
			c.PopulationDate, c.Horizon = generator.DefaultAsOf, generator.DefaultAsOf+200
			c.Since, c.AsOf = generator.DefaultAsOf+30, generator.DefaultAsOf+60
			mutate(c)
		}))
	}
	w1, m1 := delta("w1", func(c *cohortgen.Config) { c.Workers = 1 })
	w2, m2 := delta("w2", func(c *cohortgen.Config) { c.Workers = 2 })
	if m1.Parts < 2 {
		t.Fatalf("want several parts, got %d", m1.Parts)
	}
	if !reflect.DeepEqual(checksums(t, w1, m1), checksums(t, w2, m2)) {
		t.Fatal("a delta written by 1 and by 2 workers differs")
	}
	var shards []string
	for k := 0; k < 2; k++ {
		d, _ := delta("shard"+string(rune('0'+k)), func(c *cohortgen.Config) { c.Shard = generator.Shard{K: k, N: 2} })
		shards = append(shards, d)
	}
	for _, table := range models.PatientTables {
		whole, err := readback.ReadDir(w1, "parquet", table)
		check(t, err)
		union := &readback.Table{Name: table}
		for _, d := range shards {
			part, err := readback.ReadDir(d, "parquet", table)
			check(t, err)
			check(t, union.Append(part))
		}
		if diff := readback.Diff(union, whole); diff != "" {
			t.Fatalf("delta shards: %s", diff)
		}
	}
}

// TestDeltaBaseCheck: a delta is accepted for the base it was made from
// and refused, naming the difference, for any other.
func TestDeltaBaseCheck(t *testing.T) {
	base, full, delta := livingRuns(t, 60, "parquet")
	read := func(dir string) *cohortgen.Manifest {
		m, err := cohortgen.ReadManifest(dir)
		check(t, err)
		return m
	}
	if err := cohortgen.CheckDeltaBase(read(delta), read(base)); err != nil {
		t.Fatalf("the delta's own base: %v", err)
	}
	for name, c := range map[string]struct {
		delta, base *cohortgen.Manifest
		mutate      func(d, b *cohortgen.Manifest)
		want        string
	}{
		"not a delta":    {read(full), read(base), nil, "not a delta"},
		"itself":         {read(delta), read(delta), nil, "the record as of"},
		"later base":     {read(delta), read(full), nil, "the record as of"},
		"other seed":     {read(delta), read(base), func(d, b *cohortgen.Manifest) { b.Seed++ }, "seed"},
		"other horizon":  {read(delta), read(base), func(d, b *cohortgen.Manifest) { b.Horizon = "2031-01-01" }, "horizon"},
		"missing format": {read(delta), read(base), func(d, b *cohortgen.Manifest) { b.Formats = []string{"arrow"} }, "format parquet"},
	} {
		if c.mutate != nil {
			c.mutate(c.delta, c.base)
		}
		err := cohortgen.CheckDeltaBase(c.delta, c.base)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error naming %q", name, err, c.want)
		}
	}
}
