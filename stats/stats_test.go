package stats_test

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/scenario"
	"github.com/code4health/cohortgen/stats"
)

// TestPopulationMatchesPublishedFigures generates 100,000 patients with the
// default options and a fixed seed, and checks every figure `cohortgen stats`
// checks: age/sex structure, the prevalence of every QOF register within 10%,
// activity within 15%, deaths by age band within 25% (each, or within three
// standard errors of sampling noise), plus the shape the references show:
// comorbidity well above independence and multimorbidity rising with age.
func TestPopulationMatchesPublishedFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100,000 patients")
	}
	out := filepath.Join(t.TempDir(), "out")
	cfg := cohortgen.Config{Out: out, Formats: []string{"parquet"}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears = 20250331, 100_000, generator.DefaultAsOf, 10
	if _, err := cohortgen.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	rep, err := stats.Compute(out, stats.Options{AsOf: cfg.AsOf, HistoryYears: cfg.HistoryYears})
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	for _, f := range rep.Figures {
		if f.Tolerance > 0 {
			groups[f.Group]++
		}
	}
	for _, g := range []string{"population", "prevalence", "activity", "mortality", "childhood immunisation", "adult immunisation", "allergies"} {
		if groups[g] == 0 {
			t.Errorf("no checked %s figures", g)
		}
	}
	if groups["prevalence"] < 20 {
		t.Errorf("want all 20 QOF registers checked, got %d", groups["prevalence"])
	}
	// With ~50 figures each checked at three standard errors, one figure
	// outside by chance is expected in about one run in eight; the test allows
	// one such figure when it is within four standard errors, and no more.
	failures := rep.Failures()
	for _, f := range failures {
		ses := math.Abs(f.Value-f.Reference) / f.SE
		if len(failures) == 1 && f.SE > 0 && ses < 4 {
			t.Logf("one figure outside by chance (%.1f SE): %s / %s", ses, f.Group, f.Name)
			continue
		}
		t.Errorf("%s / %s: %.3g vs reference %.3g (%+.1f%%, tolerance ±%.0f%%, SE %.3g)",
			f.Group, f.Name, f.Value, f.Reference, 100*f.Diff, 100*f.Tolerance, f.SE)
	}
	var multi []float64
	for _, f := range rep.Figures {
		switch f.Group {
		case "comorbidity":
			if f.Lift < 1.5 {
				t.Errorf("comorbidity not correlated enough: %s", f.Name)
			}
			if f.Value < 0.6*f.Reference || f.Value > 1.4*f.Reference {
				t.Errorf("%s: %.1f%% vs published %.0f%%", f.Name, f.Value, f.Reference)
			}
		case "multimorbidity":
			multi = append(multi, f.Value)
		case "prevalence by age":
			// The age gradient follows the reference curve: every band with
			// enough cases is within 30% of it (or within sampling noise).
			if f.N >= 200 && f.Reference > 0 {
				if d := (f.Value - f.Reference) / f.Reference; (d > 0.3 || d < -0.3) && abs(f.Value-f.Reference) > 3*f.SE {
					t.Errorf("%s: %.2f%% vs reference curve %.2f%% (%+.0f%%)", f.Name, f.Value, f.Reference, 100*d)
				}
			}
		}
	}
	if len(multi) != 3 || !(multi[0] < multi[1] && multi[1] < multi[2]) {
		t.Errorf("multimorbidity should rise with age (18+, 65-84, 85+): %v", multi)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestPrevalenceOverridesShowAgainstTheAdjustedTarget generates the built-in
// scenario with twice the national COPD prevalence and checks that stats
// compares COPD with the doubled target, and that the population meets it.
func TestPrevalenceOverridesShowAgainstTheAdjustedTarget(t *testing.T) {
	sc, err := scenario.LoadBuiltin("copd-high-prevalence")
	if err != nil {
		t.Fatal(err)
	}
	sc.Background = 20_000
	rep := reportOf(t, generateParquet(t, "out", 3, 0, sc))
	found := false
	for _, f := range rep.Figures {
		if f.Group == "prevalence" && strings.Contains(f.Name, "(COPD,") {
			found = true
			if f.Reference < 3.7 || f.Reference > 3.9 {
				t.Errorf("COPD reference %.2f, want the doubled 3.8", f.Reference)
			}
			if !f.OK || f.Value < 3.0 {
				t.Errorf("COPD prevalence %.2f%% vs target %.2f%% (%s)", f.Value, f.Reference, f.Name)
			}
		}
	}
	if !found {
		t.Fatal("no COPD figure")
	}
}

// TestCareQualityIsComputedOnAGeneratedDataset: on a generated dataset every
// catalogue care-quality target gets a figure measured on people, with its
// source and status. Whether the figures meet their targets is the business
// of TestPopulationMatchesPublishedFigures (the checked ones) and of the
// report (the advisory ones).
func TestCareQualityIsComputedOnAGeneratedDataset(t *testing.T) {
	rep := reportOf(t, generateParquet(t, "out", 11, 4000, nil))
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]stats.Figure{}
	moved := 0
	for _, f := range rep.Figures {
		if f.Group == "care quality" {
			got[f.Name] = f
		}
		if f.Group == "registrations" {
			moved++
			if f.N == 0 || f.Value <= 0 || f.Value >= 100 {
				t.Errorf("registrations: %.1f%% (%d patients) moved practice", f.Value, f.N)
			}
		}
	}
	if moved != 1 {
		t.Errorf("%d registration figures, want 1", moved)
	}
	if len(got) != len(cat.CareQuality) {
		t.Errorf("%d care-quality figures, want %d", len(got), len(cat.CareQuality))
	}
	for _, q := range cat.CareQuality {
		f, ok := got[q.Name]
		switch {
		case !ok:
			t.Errorf("%s: no figure", q.Key)
		case f.N == 0:
			t.Errorf("%s: nobody in the denominator", q.Key)
		case f.Value <= 0 || f.Value > 100 || f.SE < 0:
			// 100% is possible in a small sample (every COPD patient's smoking
			// status recorded); none at all is not
			t.Errorf("%s: %.1f%% (SE %.2f) of %d: no one, or impossible", q.Key, f.Value, f.SE, f.N)
		case f.Source != q.Source || f.Status != q.Status || !f.Points || f.Reference != q.Percent:
			t.Errorf("%s: figure %+v does not carry its target", q.Key, f)
		}
	}
	var buf bytes.Buffer
	if err := rep.Print(&buf, stats.PrintOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\ncare quality", "sources:", "[verified] ", "[approx] ", " pts"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("printed report lacks %q", want)
		}
	}
}
