package stats

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// HeadlineGroups are printed in full by default; the other groups print only
// their figures outside tolerance (PrintOptions.All prints everything).
var HeadlineGroups = map[string]bool{"prevalence": true, "activity": true, "mortality": true, careGroup: true}

// PrintOptions say how much Print writes.
type PrintOptions struct {
	All bool // every figure of every group, not just the headline groups and those outside tolerance
}

// Summary counts the figures by how they were judged.
type Summary struct {
	Checked      int `json:"checked"`
	Out          int `json:"out"`           // checked and outside tolerance beyond noise
	Shown        int `json:"shown"`         // never fail: approx reference, too few cases or no reference
	ShownOutside int `json:"shown_outside"` // shown figures outside their tolerance
}

// Summarise counts the report's figures.
func (r *Report) Summarise() Summary {
	var s Summary
	for _, f := range r.Figures {
		switch {
		case f.checked():
			s.Checked++
			if !f.OK {
				s.Out++
			}
		default:
			s.Shown++
			if f.Tolerance > 0 && !f.OK {
				s.ShownOutside++
			}
		}
	}
	return s
}

// Outside reports whether the figure is outside its tolerance beyond
// sampling noise, checked or not.
func (f *Figure) Outside() bool { return f.Tolerance > 0 && !f.OK }

// Print writes the report as aligned tables, one figure per line, with the
// check each got, then each group's sources and a legend that says what
// "shown" means and how many figures are outside tolerance, shown ones
// included.
func (r *Report) Print(w io.Writer, opts PrintOptions) error {
	fmt.Fprintf(w, "dataset %s: %d patients, as of %s\n", r.Dataset, r.Patients, r.AsOf)
	if r.CohortPatients > 0 {
		fmt.Fprintf(w, "(%d scenario cohort patients are left out: they were chosen, not sampled)\n", r.CohortPatients)
	}
	fmt.Fprintln(w, "reference: what the published figure predicts for this population's age and sex mix; England's own figure in brackets where that differs")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, g := range r.Groups() {
		shown := g.Figures
		if !opts.All && !HeadlineGroups[g.Name] {
			shown = nil
			for _, f := range g.Figures {
				if f.Outside() {
					shown = append(shown, f)
				}
			}
			if len(shown) == 0 {
				fmt.Fprintf(tw, "\n%s: %d figures, none outside tolerance (--all lists them)\n", g.Name, len(g.Figures))
				continue
			}
		}
		fmt.Fprintf(tw, "\n%s\tvalue\treference\tdiff\tcheck\tn\n", g.Name)
		if len(shown) < len(g.Figures) {
			fmt.Fprintf(tw, "  (%d of %d figures: those outside tolerance; --all lists them all)\n", len(shown), len(g.Figures))
		}
		for _, f := range shown {
			fmt.Fprintf(tw, "  %s\t%.3g %s\t%s\t%s\t%s\t%d\n", f.Name, f.Value, f.Unit, f.ReferenceText(), f.DiffText(), f.CheckText(), f.N)
		}
		printNotesAndSources(tw, shown)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s := r.Summarise()
	fmt.Fprintf(w, "\n%d figures checked, %d outside tolerance; %d shown (not checked), %d of them outside tolerance\n",
		s.Checked, s.Out, s.Shown, s.ShownOutside)
	fmt.Fprintln(w, `"ok" is within tolerance, "ok <3 SE" outside it by no more than 3 standard errors of sampling noise, "OUT" outside it beyond noise (--strict fails);`)
	fmt.Fprintln(w, `"shown" figures are compared but never fail, because their reference is approx, rests on fewer than 100 cases, or there is none (each group's note says which)`)
	return nil
}

// printNotesAndSources ends a group with its distinct notes and sources.
func printNotesAndSources(w io.Writer, figs []Figure) {
	seen := map[string]bool{}
	var notes, sources []string
	for _, f := range figs {
		if f.Note != "" && !seen["n"+f.Note] {
			seen["n"+f.Note] = true
			notes = append(notes, f.Note)
		}
		src := f.Source
		if f.Status != "" {
			src = "[" + f.Status + "] " + src
		}
		if src != "" && !seen["s"+src] {
			seen["s"+src] = true
			sources = append(sources, src)
		}
	}
	for _, n := range notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if len(sources) > 0 {
		fmt.Fprintf(w, "  sources: %s\n", strings.Join(sources, "\n           "))
	}
}

// Group is the figures of one group, in report order.
type Group struct {
	Name    string
	Figures []Figure
}

// Groups splits the figures into their groups, in report order.
func (r *Report) Groups() []Group {
	var out []Group
	for _, f := range r.Figures {
		if len(out) == 0 || out[len(out)-1].Name != f.Group {
			out = append(out, Group{Name: f.Group})
		}
		g := &out[len(out)-1]
		g.Figures = append(g.Figures, f)
	}
	return out
}

// ReferenceText is the reference column: "-" without one, England's figure
// in brackets when the reference was standardised away from it.
func (f *Figure) ReferenceText() string {
	switch {
	case f.NoReference:
		return "-"
	case f.Published != 0:
		return fmt.Sprintf("%.3g (%.3g)", f.Reference, f.Published)
	}
	return fmt.Sprintf("%.3g", f.Reference)
}

// DiffText is the difference column, relative or in percentage points.
func (f *Figure) DiffText() string {
	switch {
	case f.NoReference:
		return "-"
	case f.Points:
		return fmt.Sprintf("%+.1f pts", f.Value-f.Reference)
	}
	return fmt.Sprintf("%+.1f%%", 100*f.Diff)
}

// CheckText is the check column: "shown" for a figure without a tolerance;
// otherwise ok or OUT against the tolerance. Advisory figures cannot fail,
// so they say "shown" and then, in lower case, where they fall.
func (f *Figure) CheckText() string {
	if f.Tolerance == 0 {
		return "shown"
	}
	band := fmt.Sprintf("±%.0f%%", 100*f.Tolerance)
	if f.Points {
		band = fmt.Sprintf("±%.0f pts", f.Tolerance)
	}
	switch {
	case f.Advisory && !f.OK:
		return "shown (outside " + band + ")"
	case f.Advisory && f.ByNoise:
		return "shown (within 3 SE)"
	case f.Advisory:
		return "shown (within " + band + ")"
	case !f.OK:
		return "OUT " + band
	case f.ByNoise:
		return "ok <3 SE"
	}
	return "ok " + band
}
