package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/audit"
	"github.com/code4health/cohortgen/datasets"
)

// auditOptions are the audit command's inputs.
type auditOptions struct {
	Dir      string
	JSON     bool
	Examples int
	Rules    []string // rule ids; none means every rule
	List     bool
	Workers  int
	// RulesFile, when set, replaces the built-in rules with a rules file
	// of the same form (a course's own questions).
	RulesFile string
}

func newAuditCmd(stdout io.Writer) *cobra.Command {
	o := auditOptions{Examples: 3, Workers: runtime.NumCPU()}
	cmd := &cobra.Command{
		Use:   "audit DIR",
		Short: "Check a dataset against clinical rules (safe prescribing, physiology, care rates)",
		Long: `audit runs the clinical rules in datasets/rules.yaml over a dataset made with
-f parquet. Hard rules must never be broken: each shows OK or FAIL with example
patients. Audit rules are rates shown beside a published figure where there is one.
It exits 1 if any hard rule is broken, 2 for bad input. See docs/audit.md.`,
		Example: `  cohortgen audit out
  cohortgen audit out --rule metformin-egfr-below-30 --examples 20
  cohortgen audit out --json | jq '.results[] | select(.violations > 0) | .id'
  cohortgen audit out --rules-file course/questions.yaml
  cohortgen audit --list`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				dir, done, err := localDataset(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				defer done()
				o.Dir = dir
			}
			return runAudit(cmd.Context(), o, stdout)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	fl.IntVar(&o.Examples, "examples", o.Examples, "example patients per rule")
	fl.StringArrayVar(&o.Rules, "rule", nil, "check only this rule (repeatable); its examples are printed even for audit rules")
	fl.BoolVar(&o.List, "list", false, "list the rules and exit")
	fl.IntVar(&o.Workers, "workers", o.Workers, "parts read in parallel")
	fl.StringVar(&o.RulesFile, "rules-file", "", "use the rules in this file (same form as datasets/rules.yaml) instead of the built-in ones")
	return cmd
}

// runAudit audits o.Dir and writes the report to stdout. It returns a
// usageError for bad input and a plain error when a hard rule is broken.
func runAudit(ctx context.Context, o auditOptions, stdout io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.Examples < 0 || o.Workers < 1 {
		return usagef("--examples must be 0 or more and --workers 1 or more")
	}
	rules, warnings, err := loadAuditRules(o.RulesFile)
	if err != nil {
		return err
	}
	if rules, err = rules.Select(o.Rules); err != nil {
		return usageError{err}
	}
	if o.List {
		return listRules(stdout, rules)
	}
	if o.Dir == "" {
		return usagef("audit needs a dataset folder (cohortgen audit DIR)")
	}
	if info, err := os.Stat(o.Dir); err != nil || !info.IsDir() {
		return usagef("%s is not a dataset folder", o.Dir)
	}
	rep, err := audit.Dataset(ctx, o.Dir, rules, o.Examples, o.Workers)
	if errors.Is(err, audit.ErrNotDataset) || errors.Is(err, cohortgen.ErrDelta) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	rep.Warnings = relevant(warnings, rules)
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = rep.Print(stdout, len(o.Rules) > 0)
	}
	if err != nil {
		return err
	}
	if failed := rep.HardFailures(); len(failed) > 0 {
		var ids []string
		for _, r := range failed {
			ids = append(ids, r.ID)
		}
		return fmt.Errorf("%s broken: %s", nounCount(len(failed), "hard rule"), strings.Join(ids, ", "))
	}
	return nil
}

// loadAuditRules compiles the built-in rules, or a user's rules file. A
// broken user file is a usage error; broken built-in rules are a defect.
func loadAuditRules(file string) (*audit.Rules, []string, error) {
	if file == "" {
		return audit.Load()
	}
	doc, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, usagef("--rules-file: %v", err)
	}
	set, warnings, err := datasets.ParseRules(doc)
	if err != nil {
		return nil, nil, usagef("--rules-file %s: %v", file, err)
	}
	rules, err := audit.New(set)
	if err != nil {
		return nil, nil, usagef("--rules-file %s: %v", file, err)
	}
	return rules, warnings, nil
}

// relevant keeps the load warnings that concern the rules being run: those
// naming one of them, and those naming no rule.
func relevant(warnings []string, rules *audit.Rules) []string {
	var out []string
	for _, w := range warnings {
		keep := !strings.HasPrefix(w, "rule ")
		for _, r := range rules.List {
			keep = keep || strings.HasPrefix(w, "rule "+r.ID+":")
		}
		if keep {
			out = append(out, w)
		}
	}
	return out
}

func listRules(w io.Writer, rules *audit.Rules) error {
	for _, r := range rules.List {
		if _, err := fmt.Fprintf(w, "%-40s %-5s %-27s %s\n", r.ID, r.Severity, r.Kind, r.Title); err != nil {
			return err
		}
	}
	return nil
}
