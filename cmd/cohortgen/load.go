package main

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/code4health/cohortgen/fhirload"
	"github.com/code4health/cohortgen/internal/httpload"
)

func newLoadCmd(stdout, stderr io.Writer) *cobra.Command {
	var opt fhirload.Options
	var auth loadAuthFlags
	cmd := &cobra.Command{
		Use:   "load --server URL DIR",
		Short: "Load a dataset's FHIR Bundles or NDJSON into a FHIR R4 server",
		Long: `load posts a dataset's per-patient transaction Bundles (made with -f fhir-bundle) or its
NDJSON (-f fhir-ndjson, batched into transactions) to a FHIR server. Every entry is a PUT of a
stable id, so loading twice, in any order or in parallel, never duplicates anything. It retries
429, 5xx and network errors with backoff, checkpoints progress in DIR/.load-state, and
--resume continues an interrupted load.

Before writing anything it reads [base]/metadata: the server must answer with an R4
CapabilityStatement that allows transactions and PUT-to-create, or the load stops with one line
saying what was wrong. Organizations and Practitioners shared by many patients are loaded once
each, first, and taken out of the patients' Bundles. When the server stops answering for 30 s
the load stops, saves its checkpoint and says how to resume.

Credentials are never given on the command line itself: --token-env names an environment
variable, --token-file a file, and OAuth 2.0 client credentials come from the variables named by
--oauth-client-id-env and --oauth-client-secret-env (or, for SMART Backend Services, a private
key file, --smart-key-file). No secret is printed or checkpointed.`,
		Example: `  cohortgen generate -n 1000 -f fhir-bundle -o out
  cohortgen load --server http://localhost:8080/fhir out
  cohortgen load --server http://localhost:8080/fhir --format ndjson --bundle-size 200 out
  cohortgen load --server http://localhost:8080/fhir --resume out   # after Ctrl-C
  FHIR_TOKEN=... cohortgen load --server https://fhir.example.org/r4 --token-env FHIR_TOKEN out
  cohortgen load --server https://fhir.example.org/r4 --token-file ~/.fhir-token out
  COHORTGEN_OAUTH_CLIENT_ID=... COHORTGEN_OAUTH_CLIENT_SECRET=... \
    cohortgen load --server https://fhir.example.org/r4 --oauth-token-url https://auth.example.org/token out`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.Server == "" {
				return usagef("--server is required (the server's FHIR base URL)")
			}
			if err := fhirload.CheckServer(opt.Server); err != nil {
				return usageError{err} // found before any request, so never retried
			}
			switch opt.Format {
			case "", "auto", "bundle", "ndjson":
			default:
				return usagef("--format %q: use auto, bundle or ndjson", opt.Format)
			}
			if opt.Concurrency < 1 {
				return usagef("--concurrency must be 1 or more, got %d", opt.Concurrency)
			}
			dir, done, err := loadDir(cmd, args[0])
			if err != nil {
				return err
			}
			defer done()
			opt.Dir = dir
			var creds httpload.Credentials
			if err := auth.apply(&creds); err != nil {
				return err
			}
			opt.Header, opt.Token, opt.OAuth = creds.Header, creds.Token, creds.OAuth
			if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
				var bar *progressbar.ProgressBar
				opt.Progress = func(p fhirload.Progress) {
					if bar == nil {
						bar = progressbar.NewOptions(p.Total, progressbar.OptionSetWriter(stderr),
							progressbar.OptionSetDescription("loading"), progressbar.OptionShowCount(),
							progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
					}
					_ = bar.Set(p.Done)
				}
			}
			_, err = fhirload.Run(cmd.Context(), opt, stdout, stderr)
			if errors.Is(err, fhirload.ErrNoFHIR) || errors.Is(err, fhirload.ErrBadServer) {
				return usageError{err} // nothing was sent: the input is wrong
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opt.Server, "server", "", "the FHIR server's base URL (required)")
	fl.IntVar(&opt.Concurrency, "concurrency", 4, "transactions in flight")
	fl.IntVar(&opt.Retries, "retries", 10, "retries of one transaction on 429, 5xx and network errors")
	fl.IntVar(&opt.BundleSize, "bundle-size", 0, "entries per transaction (NDJSON default 100; Bundles larger than this are split)")
	fl.BoolVar(&opt.Resume, "resume", false, "continue an interrupted load from DIR/.load-state")
	fl.StringVar(&opt.Format, "format", "auto", "what to load: auto, bundle or ndjson")
	auth.register(cmd)
	return withOpenEHRLoad(cmd, &auth, stdout, stderr)
}
