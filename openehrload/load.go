// Package openehrload loads cohortgen's openEHR output (-f openehr) into an
// openEHR server through the openEHR REST API. It is the logic of
//
//	cohortgen load --openehr URL [--concurrency N] [--retries N] [--resume] [--openehr-system-id ID]
//	               [--token-env NAME | --token-file PATH | --oauth-token-url URL ...] [--header 'N: v']... DIR
//
// Before anything is written it GETs /definition/template/adl1.4 once (the
// preflight, preflight.go): a server that is not reachable, refuses the
// credentials or is not an openEHR REST base URL stops the load with one
// line. Then, for each template in openehr/templates not yet on the server,
// it POSTs the OPT to /definition/template/adl1.4; then, EHR by EHR, it
// creates the EHR with its id and EHR_STATUS (PUT /ehr/{ehr_id}) and POSTs
// each composition to /ehr/{ehr_id}/composition.
//
// Re-running is idempotent. An existing EHR answers 409 to the PUT; the
// compositions of an EHR that already existed are each looked up first by
// their deterministic uid (GET /ehr/{ehr_id}/composition/{uuid}) and posted
// only when absent. A new EHR has no compositions, so its are posted without
// a look-up. That relies on the server keeping the uid the composition is
// posted with, as EHRbase does for canonical JSON when the uid's system id is
// its own: Options.SystemID replaces the system id written by cohortgen.
//
// The HTTP machinery is the FHIR loader's (internal/httpload): the same
// credentials (bearer token, OAuth 2.0 client credentials, SMART Backend
// Services, extra headers) with every secret redacted from the output;
// network errors, 408, 429 and 5xx answers retried with backoff, honouring
// Retry-After, and counted by cause in the summary; a breaker shared by the
// workers that stops the load when the server has not answered for
// Options.BreakerWindow; a 401 or 403 stops it at once. Progress is
// checkpointed per EHR in DIR/.openehr-load-state; Options.Resume skips
// what it records as done.
//
// It has been tested against the test server in this package's tests, which
// implements the REST contract of these calls, not against EHRbase.
package openehrload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// Options configure a load.
type Options struct {
	Server      string // the openEHR REST API base, e.g. http://localhost:8080/ehrbase/rest/openehr/v1
	Dir         string // a cohortgen dataset folder, or its openehr/ folder
	Concurrency int    // EHRs in flight (default 4)
	Retries     int    // retries of one request (default 10; negative for none)
	Resume      bool
	// SystemID replaces cohortgen's system id in composition uids; "" keeps
	// it. The CLI's default is EHRbase's default system id.
	SystemID string

	// Client is the HTTP client (default: one with a 5-minute timeout).
	// Run wraps its transport to add Header and the bearer token.
	Client *http.Client
	// Header is added to every request (an API key, a Basic
	// Authorization). Its values are secrets: never printed, never in the
	// checkpoint.
	Header http.Header
	// Token, if set, is sent as "Authorization: Bearer Token".
	Token string
	// OAuth, if set (and Token is not), gets the bearer token with the
	// OAuth 2.0 client credentials grant.
	OAuth *httpload.OAuth
	// PreflightTimeout bounds the preflight GET (default 20s).
	PreflightTimeout time.Duration
	// BreakerWindow: when no request has had an answer from the server for
	// this long, the load stops, saves its checkpoint and says how to
	// resume (default 30s).
	BreakerWindow time.Duration
	// MinBackoff and MaxBackoff bound the exponential backoff (defaults
	// 250ms and 30s); MaxRetryAfter caps a Retry-After (default 5 minutes).
	MinBackoff, MaxBackoff, MaxRetryAfter time.Duration
	// MaxFailures stops the load after that many EHRs failed (default 10).
	MaxFailures int
}

// Summary counts what a load did.
type Summary struct {
	TemplatesUploaded, TemplatesPresent      int
	EHRsCreated, EHRsPresent                 int
	CompositionsCreated, CompositionsPresent int
	EHRsSkipped                              int // done in an earlier run (--resume)
	EHRsFailed                               int
	Requests, Retries                        int64
	// RetryCauses counts retries by cause: the HTTP status and the
	// server's explanation, or the network failure.
	RetryCauses map[string]int
}

// Errors found before any request is sent; the CLI exits 2 on them.
var (
	ErrBadServer = errors.New("bad openEHR server URL")
	ErrNoOpenEHR = errors.New("no openEHR output")
)

// CheckServer checks that raw is an http(s) URL with a host and without a
// password (which would sit in the shell history and the process list).
func CheckServer(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: %q: give the server's openEHR REST base URL, such as http://localhost:8080/ehrbase/rest/openehr/v1", ErrBadServer, raw)
	}
	if _, has := u.User.Password(); has {
		return fmt.Errorf("%w: %s carries a password: give credentials with --header 'Authorization: Basic ${VAR}', --token-env, --token-file or --oauth-token-url instead", ErrBadServer, u.Redacted())
	}
	return nil
}

// openEHRDir returns the openehr/ folder of dir.
func openEHRDir(dir string) (string, error) {
	for _, d := range []string{filepath.Join(dir, "openehr"), dir} {
		if st, err := os.Stat(filepath.Join(d, "ehrs")); err == nil && st.IsDir() {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w: %s has no openehr/ehrs folder: generate with -f openehr, e.g. cohortgen generate -f openehr -o %s", ErrNoOpenEHR, dir, filepath.Clean(dir))
}

type loader struct {
	opt       Options
	base      string
	red       *httpload.Redactor
	brk       *httpload.Breaker
	retry     *httpload.Retry
	sendsAuth bool
	mu        sync.Mutex
	sum       Summary
	jitter    *rand.Rand
}

// Run loads the dataset and reports to stdout (summary) and stderr
// (progress and failures). Nothing it prints or returns contains the
// token, the client secret or a header value.
func Run(ctx context.Context, opt Options, stdout, stderr io.Writer) (Summary, error) {
	red := &httpload.Redactor{}
	sum, err := run(ctx, opt, red, red.Writer(stdout), red.Writer(stderr))
	return sum, red.Err(err)
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Retries == 0 {
		o.Retries = 10
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 5 * time.Minute
	}
	if o.MaxFailures <= 0 {
		o.MaxFailures = 10
	}
	if o.PreflightTimeout <= 0 {
		o.PreflightTimeout = 20 * time.Second
	}
	if o.BreakerWindow <= 0 {
		o.BreakerWindow = 30 * time.Second
	}
	if o.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = o.Concurrency * 2
		o.Client = &http.Client{Timeout: 5 * time.Minute, Transport: tr}
	}
}

func run(parent context.Context, opt Options, red *httpload.Redactor, stdout, stderr io.Writer) (Summary, error) {
	if err := CheckServer(opt.Server); err != nil {
		return Summary{}, err
	}
	if opt.Token != "" && opt.OAuth != nil {
		return Summary{}, errors.New("both a bearer token and OAuth client credentials: give one")
	}
	root, err := openEHRDir(opt.Dir)
	if err != nil {
		return Summary{}, err
	}
	ehrs, err := readEHRs(root)
	if err != nil {
		return Summary{}, err
	}
	opt.defaults()
	creds := httpload.Credentials{Header: opt.Header, Token: opt.Token, OAuth: opt.OAuth}
	opt.Client = creds.Client(opt.Client, red)
	l := &loader{opt: opt, base: strings.TrimRight(opt.Server, "/"), red: red, sendsAuth: creds.Sent(),
		jitter: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11)), sum: Summary{RetryCauses: map[string]int{}}}
	l.retry = l.newRetry()

	// Before anything is written: is this an openEHR REST base URL that
	// takes these credentials?
	have, err := l.preflight(parent)
	if err != nil {
		return l.sum, err
	}
	st, err := openState(opt, ehrs, stderr)
	if err != nil {
		return l.sum, err
	}
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	l.brk = httpload.NewBreaker(opt.BreakerWindow, cancel)
	err = l.templates(ctx, root, have, stderr)
	if err != nil {
		err = fmt.Errorf("uploading templates: %w", err)
	} else {
		err = l.loadEHRs(ctx, cancel, root, ehrs, st, stderr)
	}
	l.brk.Stop()
	if serr := st.save(); serr != nil && err == nil {
		err = fmt.Errorf("writing %s: %w", st.path, serr)
	}
	l.printSummary(stdout)
	return l.sum, l.outcome(parent, context.Cause(ctx), err, st, stderr)
}

// outcome says how the load ended and what to do next.
func (l *loader) outcome(parent context.Context, cause, err error, st *state, stderr io.Writer) error {
	done, total := st.doneCount(), st.done.Len()
	switch {
	case parent.Err() != nil:
		fmt.Fprintf(stderr, "interrupted: %d of %d EHRs done, saved in %s; run again with --resume to continue\n", done, total, st.path)
		return fmt.Errorf("load interrupted (%d of %d EHRs done): %w", done, total, parent.Err())
	case errors.Is(cause, ErrAuth) || errors.Is(err, ErrAuth):
		if !errors.Is(err, ErrAuth) {
			err = cause
		}
		fmt.Fprintf(stderr, "stopped: %v\n%d of %d EHRs done; no more requests were sent: fix the credentials before loading again\n", err, done, total)
		return fmt.Errorf("%d of %d EHRs done: %w", done, total, err)
	case errors.Is(cause, ErrServerGone):
		fmt.Fprintf(stderr, "stopped: %v\n%d of %d EHRs done, saved in %s; when the server is back, run the same command with --resume to continue\n", cause, done, total, st.path)
		return fmt.Errorf("load stopped (%d of %d EHRs done): %w", done, total, cause)
	case err == nil && l.sum.EHRsFailed > 0:
		return fmt.Errorf("%d EHRs failed; run again with --resume to retry them", l.sum.EHRsFailed)
	}
	return err
}

// printSummary writes the counts, the retries by cause and the time.
func (l *loader) printSummary(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.sum
	fmt.Fprintf(w, "templates: %d uploaded, %d already there\n", s.TemplatesUploaded, s.TemplatesPresent)
	fmt.Fprintf(w, "EHRs: %d created, %d already there, %d skipped (done before), %d failed\n", s.EHRsCreated, s.EHRsPresent, s.EHRsSkipped, s.EHRsFailed)
	fmt.Fprintf(w, "compositions: %d created, %d already there\n", s.CompositionsCreated, s.CompositionsPresent)
	fmt.Fprintf(w, "requests: %d (%d retries)\n", s.Requests, s.Retries)
	httpload.WriteCauses(w, s.RetryCauses)
}

func (l *loader) add(f func(*Summary)) {
	l.mu.Lock()
	f(&l.sum)
	l.mu.Unlock()
}

// ErrAuth and ErrServerGone are the shared loader's: a refusal of the
// credentials, and a server that stopped answering.
var (
	ErrAuth       = httpload.ErrAuth
	ErrServerGone = httpload.ErrServerGone
)
