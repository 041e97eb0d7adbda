package stats

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Print writes the report as an aligned table, one figure per line, with the
// checked figures marked ok or OUT. Groups whose references carry a status
// (care quality) end with their sources, since those are the figures a
// reader most needs to weigh.
func (r *Report) Print(w io.Writer) error {
	fmt.Fprintf(w, "dataset %s: %d patients, as of %s\n", r.Dataset, r.Patients, r.AsOf)
	if r.CohortPatients > 0 {
		fmt.Fprintf(w, "(%d scenario cohort patients are left out: they were chosen, not sampled)\n", r.CohortPatients)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var sourced []Figure // the current group's figures with a status
	endGroup := func() {
		if len(sourced) > 0 {
			fmt.Fprintf(tw, "  sources:\n")
		}
		for _, f := range sourced {
			fmt.Fprintf(tw, "    [%s] %s: %s\n", f.Status, f.Name, f.Source)
			if f.Note != "" {
				fmt.Fprintf(tw, "      %s\n", f.Note)
			}
		}
		sourced = sourced[:0]
	}
	group := ""
	for _, f := range r.Figures {
		if f.Group != group {
			endGroup()
			group = f.Group
			fmt.Fprintf(tw, "\n%s\tvalue\treference\tdiff\tcheck\tn\n", group)
		}
		if f.Status != "" {
			sourced = append(sourced, f)
		}
		diff := fmt.Sprintf("%+.1f%%", 100*f.Diff)
		if f.Points {
			diff = fmt.Sprintf("%+.1f pts", f.Value-f.Reference)
		}
		ref := fmt.Sprintf("%.3g", f.Reference)
		if f.NoReference {
			ref, diff = "-", "-"
		}
		fmt.Fprintf(tw, "  %s\t%.3g %s\t%s\t%s\t%s\t%d\n", f.Name, f.Value, f.Unit, ref, diff, f.checkText(), f.N)
	}
	endGroup()
	if err := tw.Flush(); err != nil {
		return err
	}
	fails := r.Failures()
	fmt.Fprintf(w, "\n%d figures checked, %d outside tolerance (a figure passes within its tolerance, or within 3 standard errors of sampling noise: \"ok <3 SE\"; \"shown\" figures are not checked)\n", r.checked(), len(fails))
	return nil
}

// checkText is the check column: "shown" for a figure without a tolerance;
// otherwise ok or OUT against the tolerance. Advisory figures cannot fail,
// so they say "shown" and then, in lower case, where they fall.
func (f *Figure) checkText() string {
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

func (r *Report) checked() int {
	n := 0
	for _, f := range r.Figures {
		if f.checked() {
			n++
		}
	}
	return n
}
