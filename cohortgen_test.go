package cohortgen_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/internal/readback"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

func config(t testing.TB, out string, patients int64, mutate func(*cohortgen.Config)) cohortgen.Config {
	t.Helper()
	c := cohortgen.Config{Out: out, Formats: []string{"parquet", "arrow"}}
	c.Seed, c.Patients, c.AsOf, c.HistoryYears, c.Workers = 5, patients, generator.DefaultAsOf, 10, 2
	if mutate != nil {
		mutate(&c)
	}
	return c
}

func generate(t testing.TB, c cohortgen.Config) *cohortgen.Manifest {
	t.Helper()
	m, err := cohortgen.Generate(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checksums maps each data file to its sha256, as the manifest records it,
// after checking the manifest against the bytes on disk.
func checksums(t testing.TB, dir string, m *cohortgen.Manifest) map[string]string {
	t.Helper()
	sums := map[string]string{}
	for _, f := range m.Files {
		info, err := os.Stat(filepath.Join(dir, f.Path))
		if err != nil || info.Size() != f.Bytes {
			t.Fatalf("manifest lists %s (%d bytes) but disk has %v", f.Path, f.Bytes, err)
		}
		sums[f.Path] = f.SHA256
	}
	return sums
}

func TestSameCommandTwiceGivesIdenticalBytes(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	b := filepath.Join(dir, "b")
	ma := generate(t, config(t, a, 3000, nil))
	mb := generate(t, config(t, b, 3000, nil))
	if !reflect.DeepEqual(checksums(t, a, ma), checksums(t, b, mb)) {
		t.Fatal("two runs of the same command wrote different files")
	}
	ja, _ := os.ReadFile(filepath.Join(a, cohortgen.ManifestName))
	jb, _ := os.ReadFile(filepath.Join(b, cohortgen.ManifestName))
	if string(ja) != string(jb) {
		t.Fatal("manifests differ")
	}
	if len(ma.Files) < 12 {
		t.Fatalf("expected parquet and arrow files for 6 tables, got %d files", len(ma.Files))
	}
}

func TestWorkerCountDoesNotChangeBytes(t *testing.T) {
	dir := t.TempDir()
	// 60,000 patients make 3 parts, so 4 workers really do write in parallel.
	m1 := generate(t, config(t, filepath.Join(dir, "w1"), 60_000, func(c *cohortgen.Config) { c.Workers = 1; c.Formats = []string{"parquet"} }))
	m4 := generate(t, config(t, filepath.Join(dir, "w4"), 60_000, func(c *cohortgen.Config) { c.Workers = 4; c.Formats = []string{"parquet"} }))
	if m1.Parts < 3 {
		t.Fatalf("want several parts, got %d", m1.Parts)
	}
	if !reflect.DeepEqual(checksums(t, filepath.Join(dir, "w1"), m1), checksums(t, filepath.Join(dir, "w4"), m4)) {
		t.Fatal("--workers 1 and --workers 4 wrote different bytes")
	}
}

// tables holds a dataset's Parquet tables by name, read with their
// definition levels, so that NULL and the empty string compare different.
type tables map[string]*readback.Table

// readAll reads the Parquet tables of the datasets, each table's rows in
// dataset order and, within a dataset, in file order.
func readAll(t testing.TB, dirs ...string) tables {
	t.Helper()
	all := tables{}
	for _, d := range dirs {
		for _, name := range cohortgen.TableOrder {
			tb, err := readback.ReadDir(d, "parquet", name)
			if err != nil {
				if name == models.TablePractices || name == models.TablePractitioners {
					continue // only shard 0 writes practices and practitioners
				}
				t.Fatal(err)
			}
			if all[name] == nil {
				all[name] = &readback.Table{Name: name}
			}
			if err := all[name].Append(tb); err != nil {
				t.Fatal(err)
			}
		}
	}
	return all
}

// prefix keeps the rows of the first n patients.
func (tb tables) prefix(t testing.TB, n int) tables {
	t.Helper()
	keep := map[string]bool{}
	ids := tb[models.TablePatients].Column("patient_id")
	for _, id := range ids.Str[:n] {
		keep[id] = true
	}
	out := tables{models.TablePractices: tb[models.TablePractices], models.TablePractitioners: tb[models.TablePractitioners]}
	for _, name := range models.PatientTables {
		pid := tb[name].Column("patient_id")
		if pid == nil {
			t.Fatalf("%s has no patient_id", name)
		}
		out[name] = tb[name].Filter(func(r int) bool { return keep[pid.Str[r]] })
	}
	return out
}

// sameTables fails at the first value, or null, that differs.
func sameTables(t *testing.T, what string, a, b tables) {
	t.Helper()
	for _, name := range cohortgen.TableOrder {
		if a[name] == nil || b[name] == nil {
			t.Fatalf("%s: table %s missing", what, name)
		}
		if d := readback.Diff(a[name], b[name]); d != "" {
			t.Fatalf("%s: %s", what, d)
		}
	}
}

func TestFirstPatientsOfALargerRunEqualASmallerRun(t *testing.T) {
	dir := t.TempDir()
	only := func(c *cohortgen.Config) { c.Formats = []string{"parquet"} }
	generate(t, config(t, filepath.Join(dir, "small"), 1000, only))
	generate(t, config(t, filepath.Join(dir, "big"), 5000, only))
	small := readAll(t, filepath.Join(dir, "small"))
	big := readAll(t, filepath.Join(dir, "big"))
	if small[models.TableObservations].Rows == 0 || small[models.TablePrescriptions].Rows == 0 {
		t.Fatal("sample too thin to compare")
	}
	sameTables(t, "first 1,000 of 5,000", big.prefix(t, 1000), small)
}

func TestShardsUnionEqualsTheWholeRun(t *testing.T) {
	dir := t.TempDir()
	only := func(c *cohortgen.Config) { c.Formats = []string{"parquet"} }
	generate(t, config(t, filepath.Join(dir, "whole"), 4001, only))
	var shardDirs []string
	for k := 0; k < 4; k++ {
		d := filepath.Join(dir, "shard", string(rune('0'+k)))
		m := generate(t, config(t, d, 4001, func(c *cohortgen.Config) {
			only(c)
			c.Shard = generator.Shard{K: k, N: 4}
		}))
		if want := (generator.Shard{K: k, N: 4}).String(); m.Shard != want {
			t.Fatalf("manifest shard %q", m.Shard)
		}
		shardDirs = append(shardDirs, d)
	}
	sameTables(t, "union of shards", readAll(t, shardDirs...), readAll(t, filepath.Join(dir, "whole")))
}

// TestOutputFolderRules: an earlier dataset is replaced only with --force;
// a folder holding anything else is never replaced, with or without it.
func TestOutputFolderRules(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	first := checksums(t, out, generate(t, config(t, out, 10, nil)))
	if _, err := cohortgen.Generate(context.Background(), config(t, out, 20, nil)); !errors.Is(err, dataset.ErrNotEmpty) {
		t.Fatalf("want ErrNotEmpty, got %v", err)
	}
	if m, err := cohortgen.ReadManifest(out); err != nil || !reflect.DeepEqual(checksums(t, out, m), first) {
		t.Fatal("a refused run changed the dataset")
	}
	m := generate(t, config(t, out, 20, func(c *cohortgen.Config) { c.Force = true }))
	if m.Patients != 20 {
		t.Fatal("--force did not replace the earlier dataset")
	}
	os.WriteFile(filepath.Join(out, "keep.txt"), []byte("mine"), 0o644)
	_, err := cohortgen.Generate(context.Background(), config(t, out, 10, func(c *cohortgen.Config) { c.Force = true }))
	if !errors.Is(err, dataset.ErrNotDataset) || !strings.Contains(err.Error(), "keep.txt") {
		t.Fatalf("want ErrNotDataset naming keep.txt, got %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "keep.txt")); string(b) != "mine" {
		t.Fatal("the user's file was touched")
	}
}

// TestSecondRunIntoTheSameFolderIsRefusedAtOnce: while a run is generating,
// a second run into the same folder is refused before it generates
// anything, and the first run still completes.
func TestSecondRunIntoTheSameFolderIsRefusedAtOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var (
		once           sync.Once
		second         error
		secondPatients atomic.Int64
	)
	c := config(t, out, 3000, func(c *cohortgen.Config) { c.Formats = []string{"parquet"} })
	c.Progress = func(done int64) {
		if done < 100 {
			return
		}
		once.Do(func() {
			c2 := config(t, out, 50, func(c *cohortgen.Config) { c.Force = true })
			c2.Progress = func(n int64) { secondPatients.Store(n) }
			_, second = cohortgen.Generate(context.Background(), c2)
		})
	}
	m := generate(t, c)
	if !errors.Is(second, dataset.ErrBusy) {
		t.Fatalf("second run: want ErrBusy, got %v", second)
	}
	if n := secondPatients.Load(); n != 0 {
		t.Errorf("the refused run generated %d patients", n)
	}
	if m.Patients != 3000 {
		t.Fatalf("the first run wrote %d patients", m.Patients)
	}
}

// An interrupted run leaves the earlier dataset exactly as it was and no
// partial folder behind.
func TestCancelledRunLeavesEarlierDatasetUntouched(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	before := checksums(t, out, generate(t, config(t, out, 500, nil)))

	ctx, cancel := context.WithCancel(context.Background())
	c := config(t, out, 200_000, func(c *cohortgen.Config) { c.Force = true })
	c.Progress = func(done int64) {
		if done > 1000 {
			cancel()
		}
	}
	if _, err := cohortgen.Generate(ctx, c); !errors.Is(err, context.Canceled) {
		t.Fatalf("want cancellation, got %v", err)
	}
	m, err := cohortgen.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Patients != 500 || !reflect.DeepEqual(checksums(t, out, m), before) {
		t.Fatal("the earlier dataset changed")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}

func TestManifestCountsMatchFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	m := generate(t, config(t, out, 800, nil))
	perTable := map[string]int64{}
	for _, f := range m.Files {
		if f.Format == "parquet" {
			perTable[f.Table] += f.Rows
		}
	}
	for table, n := range m.Tables {
		if perTable[table] != n {
			t.Errorf("%s: manifest says %d rows, parquet files hold %d", table, n, perTable[table])
		}
	}
	got := readAll(t, out)
	if int64(got[models.TableObservations].Rows) != m.Tables[models.TableObservations] || got[models.TablePatients].Rows != 800 {
		t.Fatalf("read back %d patients, %d observations; manifest %v", got[models.TablePatients].Rows, got[models.TableObservations].Rows, m.Tables)
	}
}

func scenarioConfig(t testing.TB, out, name string, mutate func(*cohortgen.Config)) cohortgen.Config {
	t.Helper()
	sc, err := scenario.LoadBuiltin(name)
	if err != nil {
		t.Fatal(err)
	}
	return config(t, out, sc.Total(), func(c *cohortgen.Config) {
		c.Scenario = sc
		c.Formats = []string{"parquet"}
		if mutate != nil {
			mutate(c)
		}
	})
}

func TestScenarioRunsAreDeterministicAcrossWorkersAndShards(t *testing.T) {
	dir := t.TempDir()
	m1 := generate(t, scenarioConfig(t, filepath.Join(dir, "w1"), "diabetes-clinic", func(c *cohortgen.Config) { c.Workers = 1 }))
	m3 := generate(t, scenarioConfig(t, filepath.Join(dir, "w3"), "diabetes-clinic", func(c *cohortgen.Config) { c.Workers = 3 }))
	if !reflect.DeepEqual(checksums(t, filepath.Join(dir, "w1"), m1), checksums(t, filepath.Join(dir, "w3"), m3)) {
		t.Fatal("scenario run: --workers 1 and 3 wrote different bytes")
	}
	if m1.Scenario == nil || len(m1.Scenario.Cohorts) == 0 {
		t.Fatal("manifest does not record the scenario's cohorts")
	}
	var shards []string
	for k := 0; k < 3; k++ {
		d := filepath.Join(dir, "s", string(rune('0'+k)))
		generate(t, scenarioConfig(t, d, "diabetes-clinic", func(c *cohortgen.Config) { c.Shard = generator.Shard{K: k, N: 3} }))
		shards = append(shards, d)
	}
	sameTables(t, "scenario shards", readAll(t, shards...), readAll(t, filepath.Join(dir, "w1")))
}
