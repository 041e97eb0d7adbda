package stats_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/scenario"
	"github.com/code4health/cohortgen/stats"
)

// generateParquet writes ten-year histories as Parquet, as `cohortgen
// generate -s SEED -n N [--scenario]` would (a scenario's own size when sc
// is set), into a new folder named name, and returns the folder.
func generateParquet(t *testing.T, name string, seed uint64, patients int64, sc *scenario.Scenario) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cfg := cohortgen.Config{Out: out, Formats: []string{"parquet"}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Scenario = seed, patients, generator.DefaultAsOf, 10, sc
	if sc != nil {
		cfg.Patients = sc.Total()
	}
	if _, err := cohortgen.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	return out
}

// reportOf is the stats report of a generated folder (its manifest's
// as-of date and history).
func reportOf(t *testing.T, out string) *stats.Report {
	t.Helper()
	rep, err := stats.ComputeDataset(out)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
