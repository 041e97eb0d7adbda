// Command cohortgen generates synthetic NHS England patient populations.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen/export/dataset"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1 // the run failed (disk full, I/O error)
	exitUsage       = 2 // bad flags or values
	exitInterrupted = 130
)

// usageError marks an error caused by the user's input.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "cohortgen",
		Short:         "Generate fully synthetic NHS England patient populations",
		Long:          "cohortgen generates realistic, fully synthetic patient populations for England\nand writes them as Parquet and Arrow tables, FHIR R4 (Bulk NDJSON, transaction Bundles)\nand openEHR compositions.",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newGenerateCmd(stdout, stderr), newStatsCmd(stdout), newVersionCmd(stdout), newScenarioCmd(stdout), newLoadCmd(stdout, stderr), newAuditCmd(stdout),
		newVerifyCmd(stdout, stderr), newCleanCmd(stdout, stderr), newReportCmd(stdout))
	return root
}

// execute runs the command line and returns the process exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "cohortgen: interrupted; the output folder was left as it was")
		return exitInterrupted
	}
	fmt.Fprintln(stderr, "cohortgen: error:", err)
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, dataset.ErrRefused) || isCobraUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// isCobraUsage recognises cobra's own argument errors (unknown command,
// wrong number of arguments), which it does not route through the flag
// error function.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
