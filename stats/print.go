package stats

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Print writes the report as an aligned table, one figure per line, with the
// checked figures marked ok or OUT.
func (r *Report) Print(w io.Writer) error {
	fmt.Fprintf(w, "dataset %s: %d patients, as of %s\n", r.Dataset, r.Patients, r.AsOf)
	if r.CohortPatients > 0 {
		fmt.Fprintf(w, "(%d scenario cohort patients are left out: they were chosen, not sampled)\n", r.CohortPatients)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	group := ""
	for _, f := range r.Figures {
		if f.Group != group {
			group = f.Group
			fmt.Fprintf(tw, "\n%s\tvalue\treference\tdiff\tcheck\tn\n", group)
		}
		check := "shown"
		if f.Tolerance > 0 {
			check = fmt.Sprintf("ok ±%.0f%%", 100*f.Tolerance)
			if f.ByNoise {
				check = "ok <3 SE"
			}
			if !f.OK {
				check = fmt.Sprintf("OUT ±%.0f%%", 100*f.Tolerance)
			}
		}
		fmt.Fprintf(tw, "  %s\t%.3g %s\t%.3g\t%+.1f%%\t%s\t%d\n", f.Name, f.Value, f.Unit, f.Reference, 100*f.Diff, check, f.N)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fails := r.Failures()
	fmt.Fprintf(w, "\n%d figures checked, %d outside tolerance (a figure passes within its tolerance, or within 3 standard errors of sampling noise: \"ok <3 SE\")\n", r.checked(), len(fails))
	return nil
}

func (r *Report) checked() int {
	n := 0
	for _, f := range r.Figures {
		if f.Tolerance > 0 {
			n++
		}
	}
	return n
}
