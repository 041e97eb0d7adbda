package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

func loadRules(t testing.TB) *Rules {
	t.Helper()
	rules, _, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// Reading a dataset back from Parquet must find exactly what auditing the
// same patients in memory finds, examples included, even when patients
// straddle the reader's batches.
func TestDatasetMatchesMemory(t *testing.T) {
	defer func(n int) { readBatch = n }(readBatch)
	readBatch = 37
	dir := filepath.Join(t.TempDir(), "out")
	cfg := cohortgen.Config{Out: dir, Formats: []string{"parquet"}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Workers = 3, 1500, generator.DefaultAsOf, 10, 2
	if _, err := cohortgen.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	rules := loadRules(t)
	fromDisk, err := Dataset(context.Background(), dir, rules, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := generator.NewPlan(cfg.Options)
	if err != nil {
		t.Fatal(err)
	}
	inMemory, err := Generated(context.Background(), plan, rules, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if fromDisk.Patients != 1500 || inMemory.Patients != 1500 {
		t.Fatalf("patients: %d from disk, %d in memory", fromDisk.Patients, inMemory.Patients)
	}
	fromDisk.Dataset = ""
	if !reflect.DeepEqual(fromDisk, inMemory) {
		for i := range fromDisk.Results {
			if a, b := fromDisk.Results[i], inMemory.Results[i]; !reflect.DeepEqual(a, b) {
				t.Errorf("%s: from disk %d/%d %v, in memory %d/%d %v", a.ID, a.Violations, a.Denominator, a.Examples,
					b.Violations, b.Denominator, b.Examples)
			}
		}
	}
	found := false
	for _, r := range fromDisk.Results {
		found = found || r.Violations > 0
	}
	if !found {
		t.Error("no rule found anything: the comparison proves nothing")
	}
}

// Splitting patients between auditors and merging, in either order, gives
// the report one auditor would.
func TestMergeIsOrderIndependent(t *testing.T) {
	plan, err := generator.NewPlan(generator.Options{Seed: 4, Patients: 800, AsOf: generator.DefaultAsOf, HistoryYears: 10})
	if err != nil {
		t.Fatal(err)
	}
	var lo, hi models.Batch
	if err := plan.Generate(0, 400, &lo); err != nil {
		t.Fatal(err)
	}
	if err := plan.Generate(400, 800, &hi); err != nil {
		t.Fatal(err)
	}
	rules := loadRules(t)
	cfg := Config{AsOf: generator.DefaultAsOf, HistoryYears: 10, Examples: 3}
	audit := func(bs ...*models.Batch) *Auditor {
		a := NewAuditor(rules, cfg)
		for _, b := range bs {
			a.AddBatch(b)
		}
		return a
	}
	whole := audit(&lo, &hi).Report()
	for _, order := range [][2]*models.Batch{{&lo, &hi}, {&hi, &lo}} {
		a, b := audit(order[0]), audit(order[1])
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		if got := a.Report(); !reflect.DeepEqual(got, whole) {
			t.Errorf("merged report differs from the whole")
		}
	}
}

func TestDatasetReadsTheOptionalCauseOfDeath(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, cohortgen.ManifestName), []byte(`{"as_of":"2025-03-31","history_years":10}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "parquet", "patients"), 0o755); err != nil {
		t.Fatal(err)
	}
	rows := []models.Patient{
		{PatientID: "a", PatientIndex: 0, DeathDate: day("2020-01-01"), CauseOfDeathCode: "I21"},
		{PatientID: "b", PatientIndex: 1, DeathDate: day("2021-01-01")},
		{PatientID: "c", PatientIndex: 2},
	}
	f, err := os.Create(filepath.Join(dir, "parquet", "patients", "part-0000000000.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	w := pq.NewGenericWriter[models.Patient](f)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(w.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	rules, err := compileOne(t, "    kind: death_cause\n")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Dataset(context.Background(), dir, rules, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if res.NotApplicable != "" || res.Denominator != 2 || res.Violations != 1 || res.Examples[0].PatientID != "b" {
		t.Errorf("cause of death read wrongly: %+v", res)
	}
}

func TestDatasetRejectsWhatIsNotADataset(t *testing.T) {
	rules := loadRules(t)
	empty := t.TempDir()
	noParquet := t.TempDir()
	if err := os.WriteFile(filepath.Join(noParquet, cohortgen.ManifestName), []byte(`{"as_of":"2025-03-31"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{empty, noParquet, filepath.Join(empty, "missing")} {
		if _, err := Dataset(context.Background(), dir, rules, 1, 1); !errors.Is(err, ErrNotDataset) {
			t.Errorf("%s: want ErrNotDataset, got %v", dir, err)
		}
	}
}
