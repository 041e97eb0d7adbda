package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen/scenario"
)

func newScenarioCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Check scenario files and browse the built-in scenario library",
		Long: `A scenario file (YAML) describes a population, prevalence overrides, exact
cohorts with constraints, and named personas; see docs/scenarios.md.
Generate one with: cohortgen generate --scenario FILE.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newScenarioCheckCmd(stdout), newScenarioListCmd(stdout), newScenarioShowCmd(stdout))
	return cmd
}

func newScenarioCheckCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE...",
		Short: "Validate scenario files without generating",
		Long: `check reads each scenario file (or built-in scenario name) and prints every
problem as file:line:column: field: message. It exits 2 if any file has a
problem, and otherwise prints one "ok" line per file, after any warnings
(what the model will give only in part, e.g. a narrower age range, and why).`,
		Example: "  cohortgen scenario check clinic.yaml\n  cohortgen scenario check courses/*.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			problems, bad := 0, 0
			for _, arg := range args {
				data, err := scenarioSource(arg)
				if err != nil {
					fmt.Fprintf(stdout, "%s: %v\n", arg, err)
					problems++
					bad++
					continue
				}
				ps := scenario.Check(arg, data)
				for _, p := range ps {
					fmt.Fprintln(stdout, p)
				}
				if len(ps) > 0 {
					problems += len(ps)
					bad++
					continue
				}
				sc, err := scenario.Parse(arg, data)
				if err != nil {
					return err // Check and Parse disagree: a bug, not the user's input
				}
				for _, w := range scenario.Warnings(arg, data) {
					fmt.Fprintln(stdout, w)
				}
				fmt.Fprintf(stdout, "%s: ok: %s\n", arg, scenarioSummary(sc))
			}
			if problems > 0 {
				return usagef("%s in %s", nounCount(problems, "problem"), nounCount(bad, "file"))
			}
			return nil
		},
	}
}

// scenarioSource reads a scenario file, or a built-in scenario's source
// when no such file exists but a built-in has that name.
func scenarioSource(arg string) ([]byte, error) {
	data, err := os.ReadFile(arg)
	if err == nil {
		return data, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		if src, berr := scenario.BuiltinSource(arg); berr == nil {
			return src, nil
		}
		return nil, fmt.Errorf("no such file (and no built-in scenario of that name; see cohortgen scenario list)")
	}
	return nil, err
}

// scenarioSummary describes what a scenario generates.
func scenarioSummary(sc *scenario.Scenario) string {
	var inCohorts int64
	for _, c := range sc.Cohorts {
		inCohorts += c.Count
	}
	return fmt.Sprintf("%s, %s (%d in cohorts, %s, %d background)", nounCount(len(sc.Cohorts), "cohort"),
		nounCount(int(sc.Total()), "patient"), inCohorts, nounCount(len(sc.Personas), "persona"), sc.Background)
}

func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func newScenarioListCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			for _, name := range scenario.Builtin() {
				sc, err := scenario.LoadBuiltin(name)
				if err != nil {
					return fmt.Errorf("built-in scenario %s: %w", name, err)
				}
				fmt.Fprintf(tw, "%s\t%s\n", name, sc.Description)
			}
			return tw.Flush()
		},
	}
}

func newScenarioShowCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:     "show NAME",
		Short:   "Print a built-in scenario's YAML source",
		Example: "  cohortgen scenario show diabetes-clinic > clinic.yaml   # a starting point to edit",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			src, err := scenario.BuiltinSource(args[0])
			if err != nil {
				return usageError{err}
			}
			_, err = stdout.Write(src)
			return err
		},
	}
}
