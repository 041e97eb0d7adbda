package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/report"
	"github.com/code4health/cohortgen/stats"
)

func newReportCmd(stdout io.Writer) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "report DIR [-o FILE.html]",
		Short: "Write a self-contained HTML report of a dataset (charts, cohorts, a record's timeline)",
		Long: `report writes one HTML file that opens offline and prints: the age-sex pyramid,
prevalence by register and by age, activity, deaths, care quality and
immunisation against their references (the figures of cohortgen stats), each
scenario cohort's size, constraints and spread, one patient's timeline per
cohort or persona, the run's provenance and every reference's source.

The file has no script and makes no request. By default it is written beside
the dataset as DIR.html; an existing file is replaced only if it is an earlier
report.`,
		Example: "  cohortgen report out\n  cohortgen report clinic -o clinic-report.html",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if out == "" {
				out = strings.TrimRight(filepath.Clean(dir), string(filepath.Separator)) + ".html"
			}
			if !strings.HasSuffix(strings.ToLower(out), ".html") {
				return usagef("-o %s: the report is HTML; give a file name ending in .html", out)
			}
			d, err := report.Build(dir)
			if errors.Is(err, stats.ErrNotDataset) || errors.Is(err, cohortgen.ErrDelta) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			if err := d.WriteFile(out); err != nil {
				if errors.Is(err, report.ErrNotOurs) {
					return usageError{err}
				}
				return err
			}
			fmt.Fprintf(stdout, "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "the HTML file to write (default: DIR.html beside the dataset)")
	return cmd
}
