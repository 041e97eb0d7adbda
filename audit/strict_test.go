package audit

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/scenario"
)

// TestNoHardViolations generates 100,000 patients in memory, and every
// built-in scenario, and asserts that no hard clinical rule is broken.
func TestNoHardViolations(t *testing.T) {
	rules := loadRules(t)
	t.Run("population", func(t *testing.T) {
		opts := generator.Options{Seed: 1, Patients: 100_000, AsOf: generator.DefaultAsOf, HistoryYears: 10}
		assertNoHardViolations(t, opts, rules)
	})
	for _, name := range scenario.Builtin() {
		t.Run("scenario="+name, func(t *testing.T) {
			sc, err := scenario.LoadBuiltin(name)
			if err != nil {
				t.Fatal(err)
			}
			opts := generator.Options{Seed: 1, Patients: sc.Total(), AsOf: generator.DefaultAsOf, HistoryYears: 10, Scenario: sc}
			if sc.Population.Seed != nil {
				opts.Seed = *sc.Population.Seed
			}
			if sc.Population.AsOf != 0 {
				opts.AsOf = sc.Population.AsOf
			}
			if sc.Population.HistoryYears != nil {
				opts.HistoryYears = *sc.Population.HistoryYears
			}
			assertNoHardViolations(t, opts, rules)
		})
	}
}

func assertNoHardViolations(t *testing.T, opts generator.Options, rules *Rules) {
	t.Helper()
	plan, err := generator.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Generated(context.Background(), plan, rules, 3, runtime.NumCPU())
	if err != nil {
		t.Fatal(err)
	}
	if failed := rep.HardFailures(); len(failed) > 0 {
		var b bytes.Buffer
		if err := rep.Print(&b, false); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%d hard rules broken in %d patients:\n%s", len(failed), rep.Patients, b.String())
	}
}
