package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/stats"
)

func newStatsCmd(stdout io.Writer) *cobra.Command {
	var asJSON, strict, all bool
	cmd := &cobra.Command{
		Use:   "stats DIR",
		Short: "Compare a generated dataset with the published figures it follows",
		Long: `stats compares a dataset made with -f parquet with the published figures it
follows: age/sex structure, the recorded prevalence of each QOF register (also by
age band), comorbidity, activity per person-year, deaths by age, care quality and
immunisation coverage. Each reference is what the published figure predicts for
the dataset's own age and sex mix (indirect standardisation), so a 65+ scenario
is compared with what England's rates give for a 65+ population.

By default it prints the headline groups (prevalence, activity, mortality, care
quality) and, from the other groups, every figure outside tolerance; --all prints
everything. "shown" figures are compared but never fail --strict: their
reference is approx, rests on fewer than 100 cases, or does not exist.`,
		Example: "  cohortgen stats out\n  cohortgen stats out --json | jq '.figures[] | select(.ok == false)'",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, done, err := localDataset(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer done()
			rep, err := stats.ComputeDataset(dir)
			if errors.Is(err, stats.ErrNotDataset) || errors.Is(err, cohortgen.ErrDelta) {
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
			} else if err := rep.Print(stdout, stats.PrintOptions{All: all}); err != nil {
				return err
			}
			if n := len(rep.Failures()); strict && n > 0 {
				return fmt.Errorf("%d figures outside tolerance", n)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&all, "all", false, "print every figure (by default: the headline groups, and every other figure outside tolerance)")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when a checked figure is outside its tolerance")
	return cmd
}
