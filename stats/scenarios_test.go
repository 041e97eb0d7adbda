package stats_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/scenario"
	"github.com/code4health/cohortgen/stats"
)

// generateBuiltin writes a built-in scenario as `cohortgen generate
// --scenario NAME` would (its own seed and size) and returns the folder.
func generateBuiltin(t *testing.T, name string) string {
	t.Helper()
	sc, err := scenario.LoadBuiltin(name)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(1)
	if sc.Population.Seed != nil {
		seed = *sc.Population.Seed
	}
	return generateParquet(t, name, seed, 0, sc)
}

// TestEveryBuiltinScenarioPassesStrict: stats --strict passes on every
// built-in scenario, restricted populations (frailty-polypharmacy is 65+)
// included, because each is compared with what the published figures
// predict for its own age and sex mix.
func TestEveryBuiltinScenarioPassesStrict(t *testing.T) {
	if testing.Short() {
		t.Skip("generates every built-in scenario")
	}
	for _, name := range scenario.Builtin() {
		t.Run(name, func(t *testing.T) {
			rep, err := stats.ComputeDataset(generateBuiltin(t, name))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Failures() {
				t.Errorf("%s / %s: %.3g vs expected %.3g (published %.3g), SE %.3g", f.Group, f.Name, f.Value, f.Reference, f.Published, f.SE)
			}
		})
	}
}

// TestRestrictedPopulationFailsAgainstEngland: the same 65+ dataset, with
// its manifest no longer saying the population is 65+, fails on its age
// structure; and moving a register's reference (halving hypertension)
// makes that register fail. Standardisation hides no real difference.
func TestRestrictedPopulationFailsAgainstEngland(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a scenario")
	}
	dir := generateBuiltin(t, "frailty-polypharmacy")
	rep, err := stats.ComputeDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	again, err := stats.ComputeDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustJSON(t, rep), mustJSON(t, again); a != b {
		t.Error("two runs of stats on one dataset give different JSON")
	}
	if rep.Population != "ages 65+" {
		t.Errorf("population %q, want ages 65+", rep.Population)
	}
	var hyp *stats.Figure
	for i, f := range rep.Figures {
		if f.Group == "prevalence" && strings.Contains(f.Name, "(HYP,") {
			hyp = &rep.Figures[i]
		}
	}
	if hyp == nil || hyp.Published == 0 || hyp.Reference < 2*hyp.Published {
		t.Fatalf("hypertension figure %+v: want an expected value well above England's published one", hyp)
	}

	m, err := cohortgen.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.Scenario.Population = nil
	b, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, cohortgen.ManifestName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	england, err := stats.ComputeDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, checked := 0, 0
	for _, f := range england.Failures() {
		if f.Group == "population" {
			out++
		}
	}
	for _, f := range england.Figures {
		if f.Group == "population" && f.Tolerance > 0 && !f.Advisory {
			checked++ // bands with too few members to judge are only shown
		}
	}
	if out < 2 || out < checked {
		t.Errorf("a 65+ population judged against all of England: %d of %d checked age/sex figures OUT, want every one", out, checked)
	}

	half := 0.5
	moved, err := stats.Compute(dir, stats.Options{AsOf: generator.DefaultAsOf, HistoryYears: 10,
		Overrides: []stats.Override{{Condition: "hypertension", Multiply: &half}}})
	if err != nil {
		t.Fatal(err)
	}
	hypOut := func(r *stats.Report) bool {
		for _, f := range r.Failures() {
			if f.Group == "prevalence" && strings.Contains(f.Name, "(HYP,") {
				return true
			}
		}
		return false
	}
	if !hypOut(moved) {
		t.Error("hypertension at twice its expected prevalence is not OUT")
	}
	// A condition overridden within an age band is shown, not checked.
	banded, err := stats.Compute(dir, stats.Options{AsOf: generator.DefaultAsOf, HistoryYears: 10,
		Overrides: []stats.Override{{Condition: "hypertension", Multiply: &half}}, BandOverridden: []string{"hypertension"}})
	if err != nil {
		t.Fatal(err)
	}
	if hypOut(banded) {
		t.Error("a register with an age-band override is checked")
	}
}

// TestShortOutputListsHeadlinesAndEveryFigureOutside: by default stats
// prints the headline groups in full and, of the rest, only the figures
// outside tolerance; --all prints every figure. Both end with the count of
// shown figures outside tolerance and the meaning of "shown".
func TestShortOutputListsHeadlinesAndEveryFigureOutside(t *testing.T) {
	rep := &stats.Report{Dataset: "d", Figures: []stats.Figure{
		{Group: "population", Name: "female 0-9", Value: 5, Reference: 5, Tolerance: 0.1, OK: true},
		{Group: "prevalence by age", Name: "copd, ages 16-44", Value: 1, Reference: 2, Tolerance: 0.1, Advisory: true, Note: "why not checked", Source: "a source"},
		{Group: "prevalence by age", Name: "copd, ages 45-64", Value: 2, Reference: 2, Tolerance: 0.1, Advisory: true, OK: true},
		{Group: "activity", Name: "GP", Value: 5.8, Reference: 6.1, Published: 5.9, Tolerance: 0.15, OK: true, Source: "NHS England"},
	}}
	var short, all bytes.Buffer
	if err := rep.Print(&short, stats.PrintOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := rep.Print(&all, stats.PrintOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"population: 1 figures, none outside tolerance", "copd, ages 16-44", "note: why not checked",
		"sources: a source", "GP", "sources: NHS England", "2 figures checked, 0 outside tolerance; 2 shown (not checked), 1 of them outside tolerance",
		`"shown" figures are compared but never fail`} {
		if !strings.Contains(short.String(), want) {
			t.Errorf("short output lacks %q:\n%s", want, short.String())
		}
	}
	if strings.Contains(short.String(), "copd, ages 45-64") || strings.Contains(short.String(), "female 0-9") {
		t.Errorf("short output lists figures within tolerance outside the headline groups:\n%s", short.String())
	}
	for _, want := range []string{"copd, ages 45-64", "female 0-9"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("--all output lacks %q", want)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
