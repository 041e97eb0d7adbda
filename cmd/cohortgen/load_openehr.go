package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen/internal/httpload"
	"github.com/code4health/cohortgen/openehrload"
)

// withOpenEHRLoad adds --openehr to the load command: with it, load sends
// the dataset's openEHR output to an openEHR server instead of FHIR to a
// FHIR server, with the same credentials flags (auth), --concurrency,
// --retries and --resume.
func withOpenEHRLoad(cmd *cobra.Command, auth *loadAuthFlags, stdout, stderr io.Writer) *cobra.Command {
	var opt openehrload.Options
	fl := cmd.Flags()
	fl.StringVar(&opt.Server, "openehr", "", "load the openEHR output (-f openehr) into this openEHR REST API base URL instead, e.g. http://localhost:8080/ehrbase/rest/openehr/v1")
	fl.StringVar(&opt.SystemID, "openehr-system-id", "local.ehrbase.org", "with --openehr: the server's system id, put in the compositions' uids (EHRbase refuses any other)")
	cmd.Use = "load (--server URL | --openehr URL) DIR"
	cmd.Short = "Load a dataset's FHIR output into a FHIR R4 server, or its openEHR output into an openEHR server"
	cmd.Long += `

With --openehr URL it loads the openEHR output instead (made with -f openehr): it uploads the
templates the server lacks, creates each EHR with its id and EHR_STATUS, and posts each
composition unless the server already has it (looked up by its uid), so a re-run adds nothing.
It first GETs [base]/definition/template/adl1.4 and stops with one line if the server is not
reachable, refuses the credentials or is not an openEHR REST base URL (EHRbase's ends in
/ehrbase/rest/openehr/v1). --concurrency (EHRs in flight), --retries, --resume and the
credentials flags apply as for FHIR, and so does the 30 s breaker; the checkpoint is
DIR/` + openehrload.StateFile + `. It has not yet been run against EHRbase (see docs/openehr.md).`
	cmd.Example += `
  cohortgen generate -n 1000 -f openehr -o out
  cohortgen load --openehr http://localhost:8080/ehrbase/rest/openehr/v1 out
  EHRBASE_TOKEN=... cohortgen load --openehr https://cdr.example.org/ehrbase/rest/openehr/v1 --token-env EHRBASE_TOKEN out
  EHRBASE_BASIC=$(printf %s "$EHRBASE_USER:$EHRBASE_PASSWORD" | base64) \
    cohortgen load --openehr http://localhost:8080/ehrbase/rest/openehr/v1 --header 'Authorization: Basic ${EHRBASE_BASIC}' out`
	fhirRun := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if opt.Server == "" {
			return fhirRun(c, args)
		}
		if c.Flags().Changed("server") {
			return usagef("give --server (FHIR) or --openehr, not both")
		}
		if err := openehrload.CheckServer(opt.Server); err != nil {
			return usageError{err}
		}
		dir, done, err := loadDir(c, args[0])
		if err != nil {
			return err
		}
		defer done()
		opt.Dir = dir
		opt.Concurrency, _ = c.Flags().GetInt("concurrency")
		opt.Retries, _ = c.Flags().GetInt("retries")
		opt.Resume, _ = c.Flags().GetBool("resume")
		if opt.Concurrency < 1 {
			return usagef("--concurrency must be 1 or more, got %d", opt.Concurrency)
		}
		var creds httpload.Credentials
		if err := auth.apply(&creds); err != nil {
			return err
		}
		opt.Header, opt.Token, opt.OAuth = creds.Header, creds.Token, creds.OAuth
		_, err = openehrload.Run(c.Context(), opt, stdout, stderr)
		if errors.Is(err, openehrload.ErrNoOpenEHR) || errors.Is(err, openehrload.ErrBadServer) {
			return usageError{err}
		}
		return err
	}
	return cmd
}
