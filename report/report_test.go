package report_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/report"
	"github.com/code4health/cohortgen/scenario"
)

// generate writes a dataset: n ordinary patients, or a built-in scenario
// at its own size when name is not empty.
func generate(t *testing.T, n int64, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "ds")
	cfg := cohortgen.Config{Out: out, Formats: []string{"parquet"}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears = 7, n, generator.DefaultAsOf, 10
	if name != "" {
		sc, err := scenario.LoadBuiltin(name)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Scenario, cfg.Patients = sc, sc.Total()
	}
	if _, err := cohortgen.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	return out
}

// render builds and writes the report of dir, returning its path and text.
func render(t *testing.T, dir string) (string, string) {
	t.Helper()
	d, err := report.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, string(b)
}

var (
	chartRe  = regexp.MustCompile(`(?s)<figure class="chart" data-chart="([^"]+)">(.*?)</figure>`)
	markRe   = regexp.MustCompile(`<(circle|rect|polyline|line) `)
	sourceRe = regexp.MustCompile(`(?i)\b(src|href|action|srcset|poster|data)\s*=\s*"([^"#][^"]*)"`)
)

// checkSelfContained: the file asks for nothing outside itself (a CSP that
// forbids every fetch, no script, no attribute that loads anything, no URL
// but the SVG namespace), and every chart has marks drawn in it.
func checkSelfContained(t *testing.T, html string, wantCharts ...string) {
	t.Helper()
	if !strings.Contains(html, `content="default-src 'none'; style-src 'unsafe-inline'"`) {
		t.Error("no Content-Security-Policy forbidding every request")
	}
	if strings.Contains(strings.ToLower(html), "<script") {
		t.Error("the report has a script")
	}
	for _, m := range sourceRe.FindAllStringSubmatch(html, -1) {
		t.Errorf("an attribute that loads something: %s=%q", m[1], m[2])
	}
	rest := strings.ReplaceAll(html, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, scheme := range []string{"http://", "https://", "url(", "@import", "@font-face"} {
		if i := strings.Index(rest, scheme); i >= 0 {
			t.Errorf("the report refers outside itself: %q", rest[max(i-40, 0):min(i+60, len(rest))])
		}
	}
	found := map[string]int{}
	for _, m := range chartRe.FindAllStringSubmatch(html, -1) {
		found[m[1]]++
		if !strings.Contains(m[2], "<svg") || len(markRe.FindAllString(m[2], 3)) < 3 {
			t.Errorf("chart %s is empty", m[1])
		}
	}
	for _, c := range wantCharts {
		if found[c] == 0 {
			t.Errorf("no %s chart (charts: %v)", c, found)
		}
	}
}

// plainCharts and scenarioCharts are what each kind of report must draw.
var (
	plainCharts = []string{"population", "prevalence", "prevalence-by-age", "activity", "mortality", "care-quality", "childhood-immunisation", "adult-immunisation", "timeline", "results"}
	// frailty-polypharmacy is 65+: no children, so no childhood coverage
	scenarioCharts = []string{"cohort", "population", "prevalence", "prevalence-by-age", "activity", "mortality", "care-quality", "adult-immunisation", "timeline", "results"}
)

func TestReportIsSelfContainedWithEveryChart(t *testing.T) {
	if testing.Short() {
		t.Skip("generates datasets")
	}
	_, plain := render(t, generate(t, 2000, ""))
	checkSelfContained(t, plain, plainCharts...)
	_, sc := render(t, generate(t, 0, "frailty-polypharmacy"))
	checkSelfContained(t, sc, scenarioCharts...)
	for _, want := range []string{"polypharmacy/dementia", "has dementia", "Edith Pollard", "restricted to ages 65", "files digest", "[verified]"} {
		if !strings.Contains(sc, want) {
			t.Errorf("scenario report lacks %q", want)
		}
	}
}

// TestReportReplacesOnlyItsOwnFile: -o never overwrites a file that is not
// an earlier report, and leaves no temporary file behind.
func TestReportReplacesOnlyItsOwnFile(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a dataset")
	}
	ds := generate(t, 300, "")
	d, err := report.Build(ds)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mine, theirs := filepath.Join(dir, "r.html"), filepath.Join(dir, "notes.html")
	if err := os.WriteFile(theirs, []byte("<p>my notes</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile(theirs); err == nil {
		t.Error("overwrote a file that is not a report")
	}
	if b, _ := os.ReadFile(theirs); string(b) != "<p>my notes</p>" {
		t.Errorf("the other file changed: %q", b)
	}
	var written []string
	for range 2 { // built again, the report replaces the first with the same bytes
		if err := d.WriteFile(mine); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(mine)
		written = append(written, string(b))
		if d, err = report.Build(ds); err != nil {
			t.Fatal(err)
		}
	}
	if written[0] != written[1] {
		t.Error("the same report written twice differs")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}
