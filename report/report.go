// Package report renders a dataset's statistics as one self-contained HTML
// file: charts drawn here as inline SVG, styles inline, no script, no font,
// no image and no request of any kind, so the file opens offline and prints.
// Every number comes from stats (the same Report that `cohortgen stats
// --json` prints); this package only draws it.
package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/stats"
)

// Data is everything one report shows.
type Data struct {
	Dir       string
	Manifest  *cohortgen.Manifest
	Stats     *stats.Report
	Timelines []stats.Timeline
}

// Build reads the dataset in dir: its manifest, its statistics, and the
// timeline of one patient per cohort and persona (or, without a scenario,
// of the report's example patient).
func Build(dir string) (*Data, error) {
	rep, err := stats.ComputeDataset(dir)
	if err != nil {
		return nil, err
	}
	m, err := cohortgen.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	asOf, err := time.Parse(time.DateOnly, m.AsOf)
	if err != nil {
		return nil, fmt.Errorf("manifest as_of %q: %w", m.AsOf, err)
	}
	var ids []string
	labels := map[string]string{}
	for _, c := range rep.Cohorts {
		if c.First != "" {
			ids = append(ids, c.First)
			labels[c.First] = c.Name
		}
	}
	if len(ids) == 0 && rep.Example != "" {
		ids = append(ids, rep.Example)
		labels[rep.Example] = "an ordinary patient with several long-term conditions"
	}
	tl, err := stats.Timelines(dir, ids, labels, stats.Options{AsOf: models.DateOf(asOf), HistoryYears: m.HistoryYears})
	if err != nil {
		return nil, err
	}
	return &Data{Dir: dir, Manifest: m, Stats: rep, Timelines: tl}, nil
}

// section is one group of figures with its chart(s) and table.
type section struct {
	ID, Title, Intro string
	Chart            template.HTML
	Smalls           []template.HTML
	Figures          []stats.Figure
	Notes            []string
}

type cohortView struct {
	stats.Cohort
	Chart  template.HTML
	Median map[string]string
}

type timelineView struct {
	stats.Timeline
	Chart   template.HTML
	Results []template.HTML
}

type row struct{ Key, Value string }

type source struct{ Status, Text, Groups string }

// page is what the template reads.
type page struct {
	Title      string
	Data       *Data
	Summary    stats.Summary
	Sections   []section
	Cohorts    []cohortView
	Timelines  []timelineView
	Provenance []row
	Tables     []row
	Sources    []source
}

// intros say what each group compares, for a reader new to the figures.
var intros = map[string]string{
	"population":             "Share of the living population in each 10-year age band by sex (bars) against ONS mid-2023 for England, or the scenario's own population where it restricts ages or sex (black ticks).",
	"prevalence":             "Recorded prevalence of each QOF register against what the published figure predicts for this population's age and sex mix (indirect standardisation). Dots are the dataset, whiskers its 95% sampling interval, the shaded band the tolerance.",
	"prevalence by age":      "Each condition's recorded prevalence by age band (dots, 95% interval) against the reference curve for those ages (line).",
	"comorbidity":            "Share of people with one condition who also have another, against published shares.",
	"multimorbidity":         "Share with two or more catalogue conditions by age, against published studies.",
	"activity":               "Encounters per person-year over the history window by setting, against NHS England figures moved to this population's age and sex mix.",
	"mortality":              "Deaths per 1,000 person-years by age band against the ONS life table.",
	"care quality":           "Care the records show against published QOF and National Diabetes Audit achievement, in percentage points.",
	"childhood immunisation": "Childhood and adolescent vaccine coverage against UKHSA COVER and the HPV and school booster reports, in percentage points.",
	"adult immunisation":     "Adult vaccine uptake against UKHSA figures, in percentage points.",
	"allergies":              "Share of adults with each entry on their allergy list, against published adult prevalence where there is one.",
	"presentations":          "New episodes of common acute problems first recorded at a GP consultation, per 1,000 person-years, against published primary-care rates.",
	"emergency case mix":     "Share of A&E attendances by reason (with those admitted through A&E), against published shares.",
}

func (d *Data) page() *page {
	p := &page{Data: d, Summary: d.Stats.Summary, Title: "cohortgen dataset report"}
	if sc := d.Manifest.Scenario; sc != nil {
		p.Title = "cohortgen report: " + sc.Name
	}
	for _, g := range d.Stats.Groups() {
		sec := section{ID: strings.ReplaceAll(g.Name, " ", "-"), Title: g.Name, Intro: intros[g.Name], Figures: g.Figures}
		switch g.Name {
		case "population":
			sec.Title = "age and sex"
			sec.Chart = pyramid(g.Figures)
		case "prevalence by age":
			for _, m := range byCondition(g.Figures) {
				sec.Smalls = append(sec.Smalls, small(m))
			}
		default:
			sec.Chart = forest(g.Name, g.Figures)
		}
		seen := map[string]bool{}
		for _, f := range g.Figures {
			if f.Note != "" && !seen[f.Note] {
				seen[f.Note] = true
				sec.Notes = append(sec.Notes, f.Note)
			}
		}
		p.Sections = append(p.Sections, sec)
	}
	names := map[string]string{}
	for _, k := range stats.KeyResults {
		names[k] = k
	}
	for _, c := range d.Stats.Cohorts {
		v := cohortView{Cohort: c, Chart: strips(c, names), Median: map[string]string{}}
		for k, vals := range c.Latest {
			v.Median[k] = num(median(vals))
		}
		p.Cohorts = append(p.Cohorts, v)
	}
	for _, t := range d.Timelines {
		v := timelineView{Timeline: t, Chart: timelineChart(t)}
		for _, r := range t.Results {
			if len(r.Values) > 0 {
				v.Results = append(v.Results, resultChart(r, t.From, t.To))
			}
		}
		p.Timelines = append(p.Timelines, v)
	}
	p.Provenance, p.Tables = provenance(d.Manifest)
	p.Sources = sources(d.Stats.Figures)
	return p
}

// provenance lists how the dataset was made, and its tables' rows.
func provenance(m *cohortgen.Manifest) (run, tables []row) {
	run = []row{
		{"generator", m.Generator + " " + m.Version},
		{"seed", fmt.Sprint(m.Seed)},
		{"patients", fmt.Sprint(m.Patients)},
		{"as of", m.AsOf},
		{"history", fmt.Sprintf("%d years", m.HistoryYears)},
		{"region", m.Region},
		{"formats", strings.Join(m.Formats, ", ")},
		{"NHS numbers", m.NHSNumbers},
		{"shard", m.Shard},
	}
	if sc := m.Scenario; sc != nil {
		run = append(run, row{"scenario", sc.Name})
		if sc.SHA256 != "" {
			run = append(run, row{"scenario file SHA-256", sc.SHA256})
		}
	}
	lines := make([]string, 0, len(m.Files))
	for _, f := range m.Files {
		lines = append(lines, f.Path+" "+f.SHA256)
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	run = append(run, row{"files", fmt.Sprintf("%d files, %d bytes", len(m.Files), m.TotalBytes())},
		row{"files digest", hex.EncodeToString(sum[:]) + " (SHA-256 of the sorted \"path sha256\" lines of the manifest)"})
	for _, t := range cohortgen.TableOrder {
		if n, ok := m.Tables[t]; ok {
			tables = append(tables, row{t, fmt.Sprint(n)})
		}
	}
	return run, tables
}

// sources lists every reference once, with the groups that use it.
func sources(figs []stats.Figure) []source {
	var out []source
	at := map[string]int{}
	for _, f := range figs {
		if f.Source == "" {
			continue
		}
		k := f.Status + "\x00" + f.Source
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, source{Status: f.Status, Text: f.Source})
		}
		if !strings.Contains(", "+out[i].Groups+",", ", "+f.Group+",") {
			out[i].Groups = strings.TrimPrefix(out[i].Groups+", "+f.Group, ", ")
		}
	}
	return out
}
