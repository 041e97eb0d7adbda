package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen/stats"
)

func newStatsCmd(stdout io.Writer) *cobra.Command {
	var asJSON, strict bool
	cmd := &cobra.Command{
		Use:   "stats DIR",
		Short: "Compare a generated dataset with the published figures it follows",
		Long: `stats prints, for a dataset made with -f parquet, its age/sex structure, the
recorded prevalence of each QOF register, comorbidity, activity per person-year,
deaths by age and care quality (QOF / National Diabetes Audit achievement), each
beside its published reference value and the difference. Care-quality figures
whose reference is approx are shown but never fail --strict.`,
		Example: "  cohortgen stats out\n  cohortgen stats out --json | jq '.figures[] | select(.ok == false)'",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, done, err := localDataset(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer done()
			rep, err := stats.ComputeDataset(dir)
			if errors.Is(err, stats.ErrNotDataset) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else if err := rep.Print(stdout); err != nil {
				return err
			}
			if n := len(rep.Failures()); strict && n > 0 {
				return fmt.Errorf("%d figures outside tolerance", n)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when a checked figure is outside its tolerance")
	return cmd
}
