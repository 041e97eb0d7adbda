// Package fhirload loads cohortgen's FHIR output into a FHIR R4 server. It
// is the logic of
//
//	cohortgen load --server URL [--concurrency N] [--retries N] [--bundle-size N] [--resume] [--format F]
//	               [--token-env NAME | --token-file PATH | --oauth-token-url URL ...] [--header 'N: v']... DIR
//
// with the flags mapping onto Options:
//
//	--server URL      Options.Server, the server's FHIR base URL (required)
//	--concurrency N   Options.Concurrency, transactions in flight (default 4)
//	--retries N       Options.Retries, retries of one transaction on 429, 5xx,
//	                  408, 409 and network errors (default 10)
//	--bundle-size N   Options.BundleSize, entries per transaction: NDJSON lines
//	                  are batched N at a time (default 100); per-patient
//	                  Bundles are posted as written unless N > 0 and a Bundle
//	                  has more than N entries, when it is split (default 0)
//	--resume          Options.Resume, skip what DIR/.load-state records as done
//	--format F        Options.Format: auto (default), bundle or ndjson
//	--token-env, --token-file          Options.Token, a bearer token
//	--oauth-token-url and its friends  Options.OAuth, client credentials (a
//	                  secret, or a private-key JWT for SMART Backend Services)
//	--header          Options.Header, extra headers
//	DIR               Options.Dir, a cohortgen output folder (or its bundles/
//	                  or fhir/ folder)
//
// The CLI passes a context cancelled on SIGINT/SIGTERM, os.Stdout and
// os.Stderr, and exits non-zero when Run returns an error.
//
// Before anything is written, Run reads [base]/metadata (preflight.go) and
// stops with one line if the server is not reachable, not a FHIR R4 base,
// refuses the credentials or lacks transactions or update-as-create.
//
// Loading is idempotent: every entry is a PUT of the resource's stable id
// (cohortgen's Bundles are written that way; NDJSON lines are wrapped in PUT
// transactions), so a second run updates the same resources and adds none.
// The practice-level resources many Bundles repeat (Organization,
// Practitioner) are loaded once each, first, by one worker, and taken out
// of the Bundles (shared.go). NDJSON types are loaded one after another in
// reference order (Organization, Practitioner, Patient, Condition,
// Encounter, MedicationRequest, Observation), so no transaction refers to a
// resource not yet loaded. Progress is checkpointed in DIR/.load-state
// (written atomically); after an interruption Run says where it stopped,
// and Options.Resume continues from there. A breaker shared by the workers
// stops the load when the server has not answered for
// Options.BreakerWindow; a 401 or 403 stops it at once. The credentials,
// the breaker and the retries are internal/httpload, shared with the
// openEHR loader.
package fhirload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// Options configure a load.
type Options struct {
	Server      string // FHIR base URL; transactions are POSTed to it
	Dir         string
	Format      string // "auto" (or ""), "bundle" or "ndjson"
	Concurrency int    // default 4
	Retries     int    // default 10; negative for none
	BundleSize  int    // see the package doc; NDJSON default 100
	Resume      bool

	// Client is the HTTP client (default: one with a 5-minute timeout).
	// Run wraps its transport to add Header and the bearer token.
	Client *http.Client
	// Header is added to every request (an API key, a tenant). Its values
	// are treated as secrets: never printed, never in the checkpoint.
	Header http.Header
	// Token, if set, is sent as "Authorization: Bearer Token".
	Token string
	// OAuth, if set (and Token is not), gets the bearer token with the
	// OAuth 2.0 client credentials grant.
	OAuth *OAuth
	// PreflightTimeout bounds the GET [base]/metadata made before anything
	// is written (default 20s).
	PreflightTimeout time.Duration
	// BreakerWindow: when no request has had an answer from the server for
	// this long, the load stops, saves its checkpoint and says how to
	// resume (default 30s).
	BreakerWindow time.Duration
	// Progress, if set, is called after each unit (Bundle file or NDJSON
	// batch) finishes, one call at a time. If nil, Run prints a progress
	// line to stderr every two seconds.
	Progress func(Progress)
	// MinBackoff and MaxBackoff bound the exponential backoff between
	// retries (defaults 250ms and 30s); a Retry-After header, when present,
	// is honoured instead (up to MaxRetryAfter, default 5 minutes).
	MinBackoff, MaxBackoff, MaxRetryAfter time.Duration
	// MaxFailures stops the load after that many units have failed for good
	// (default 10).
	MaxFailures int
}

// Progress is a snapshot passed to Options.Progress.
type Progress struct {
	Done, Total int   // units finished (including skipped ones) and units in all
	Skipped     int   // units skipped because the state file had them done
	Failed      int   // units failed for good
	Entries     int64 // entries loaded
	Retries     int64
	Elapsed     time.Duration
	Unit        string // the unit just finished
}

// TypeCounts counts transaction-response entries of one resource type:
// Created for 201, Updated for other 2xx (a PUT of an existing resource, or
// a server that answers 200 to create-on-update), Failed for the entries of
// failed transactions and entries with an error status.
type TypeCounts struct {
	Created, Updated, Failed int64
}

// Summary is the result of a load.
type Summary struct {
	Format    string
	Units     int // units found
	Done      int // units loaded by this run
	Skipped   int // units already done (--resume)
	Failed    int // units failed for good
	Types     map[string]*TypeCounts
	Requests  int64 // HTTP requests, retries included
	Retries   int64
	Elapsed   time.Duration
	StoppedAt string   // when interrupted: the first unit not done
	Errors    []string // every failure, with the server's OperationOutcome text
	// RetryCauses counts retries by cause: the HTTP status and the first
	// line of the OperationOutcome, or the network failure.
	RetryCauses map[string]int
	// Shared counts the distinct practice-level resources (Organization,
	// Practitioner, ...) taken out of the Bundles and loaded first.
	Shared map[string]int
	// Server describes the server from its CapabilityStatement.
	Server string
}

// Entries is the number of entries loaded (created or updated).
func (s *Summary) Entries() int64 {
	var n int64
	for _, c := range s.Types {
		n += c.Created + c.Updated
	}
	return n
}

func (o *Options) defaults(red *httpload.Redactor) error {
	if o.Server == "" {
		return errors.New("no server URL (--server)")
	}
	if o.Token != "" && o.OAuth != nil {
		return errors.New("both a bearer token and OAuth client credentials: give one")
	}
	if err := CheckServer(o.Server); err != nil {
		return err
	}
	if o.Dir == "" {
		return errors.New("no folder to load")
	}
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
	o.Client = o.credentials().Client(o.Client, red)
	return nil
}

// credentials are what Run sends with every request.
func (o *Options) credentials() httpload.Credentials {
	return httpload.Credentials{Header: o.Header, Token: o.Token, OAuth: o.OAuth}
}

// loader is the state of one Run.
type loader struct {
	opt    Options
	units  []unit
	state  *state
	start  time.Time
	stderr io.Writer

	red        *httpload.Redactor
	brk        *httpload.Breaker
	retry      *httpload.Retry
	shared     *sharedSet
	sendsToken bool

	mu       sync.Mutex
	sum      Summary
	failures int
	lastLine time.Time
	jitter   *rand.Rand
}

// Run loads opt.Dir into opt.Server. It prints a summary to stdout and
// progress and problems to stderr. It returns an error when any unit failed
// or the load was interrupted; the Summary is filled in either way. Nothing
// it prints or returns contains the token, the client secret or a header
// value.
func Run(ctx context.Context, opt Options, stdout, stderr io.Writer) (Summary, error) {
	red := &httpload.Redactor{}
	sum, err := run(ctx, opt, red, red.Writer(stdout), red.Writer(stderr))
	for i, e := range sum.Errors {
		sum.Errors[i] = red.Redact(e)
	}
	return sum, red.Err(err)
}

func run(ctx context.Context, opt Options, red *httpload.Redactor, stdout, stderr io.Writer) (Summary, error) {
	if err := opt.defaults(red); err != nil {
		return Summary{}, err
	}
	size := opt.BundleSize
	format, units, err := findUnits(opt.Dir, opt.Format, max(size, 0))
	if err != nil {
		return Summary{}, err
	}
	if format == "ndjson" && size <= 0 {
		size = 100
		if format, units, err = findUnits(opt.Dir, format, size); err != nil {
			return Summary{}, err
		}
	}
	opt.BundleSize = size

	// Before anything is written: is this a FHIR R4 base URL that takes
	// these credentials?
	sendsToken := opt.credentials().Sent()
	busyWait := func(try int) time.Duration { // no jitter: one client asking again
		return httpload.Backoff(opt.MinBackoff, opt.MaxBackoff, try, func(n int64) int64 { return n / 2 })
	}
	capa, err := preflight(ctx, opt.Client, opt.Server, sendsToken, opt.PreflightTimeout, busyWait)
	if err != nil {
		return Summary{}, err
	}
	l := &loader{opt: opt, start: time.Now(), stderr: stderr, jitter: newJitter(), red: red, sendsToken: sendsToken}
	l.retry = l.newRetry()
	l.sum = Summary{Format: format, Types: map[string]*TypeCounts{}, RetryCauses: map[string]int{},
		Server: capa.describe()}
	types := map[string]bool{}
	if format == "bundle" {
		chunk := size // a server's limit on transaction size holds for these too
		if chunk <= 0 {
			chunk = 100
		}
		shared, sh, conflicts, err := collectShared(units, chunk)
		if err != nil {
			return l.sum, err
		}
		if conflicts > 0 {
			fmt.Fprintf(stderr, "warning: %d shared resources differ between Bundles; the first copy of each is loaded\n", conflicts)
		}
		l.shared, l.sum.Shared = sh, sh.byType
		for t := range sh.types {
			types[t] = true
		}
		units = append(shared, units...)
	} else {
		for _, u := range units {
			typ, _, _ := strings.Cut(filepath.Base(u.path), ".")
			types[typ] = true
		}
	}
	if err := capa.check(strings.TrimRight(opt.Server, "/"), sortedKeys(types)); err != nil {
		return l.sum, err
	}
	fmt.Fprintf(stderr, "server: %s (%s)\n", strings.TrimRight(opt.Server, "/"), l.sum.Server)
	l.units = units
	l.sum.Units = len(units)

	l.state, err = openState(opt, format, units, stderr)
	if err != nil {
		return l.sum, err
	}
	l.sum.Skipped = l.state.doneCount()

	runErr := l.run(ctx)
	l.sum.Elapsed = time.Since(l.start)
	if err := l.state.save(); err != nil && runErr == nil {
		runErr = fmt.Errorf("writing %s: %w", l.state.path, err)
	}
	l.printSummary(stdout)

	done := l.state.doneCount()
	switch {
	case ctx.Err() != nil:
		l.sum.StoppedAt = l.state.firstNotDone(units)
		fmt.Fprintf(stderr, "interrupted: %d of %d units done; stopped at %s; run again with --resume to continue\n",
			done, len(units), l.sum.StoppedAt)
		return l.sum, fmt.Errorf("load interrupted at %s: %w", l.sum.StoppedAt, ctx.Err())
	case errors.Is(runErr, ErrAuth):
		// Resuming cannot help until the credentials change, so it is not
		// suggested.
		l.sum.StoppedAt = l.state.firstNotDone(units)
		fmt.Fprintf(stderr, "stopped: %v\n%d of %d units done; no more requests were sent: fix the credentials before loading again\n",
			runErr, done, len(units))
		return l.sum, fmt.Errorf("%d of %d units done: %w", done, len(units), runErr)
	case errors.Is(runErr, ErrServerGone):
		l.sum.StoppedAt = l.state.firstNotDone(units)
		fmt.Fprintf(stderr, "stopped: %v\n%d of %d units done, saved in %s; when the server is back, run the same command with --resume to continue from %s\n",
			runErr, done, len(units), l.state.path, l.sum.StoppedAt)
		return l.sum, fmt.Errorf("load stopped at %s (%d of %d units done): %w", l.sum.StoppedAt, done, len(units), runErr)
	case l.sum.Failed > 0:
		l.sum.StoppedAt = l.state.firstNotDone(units)
		msg := fmt.Sprintf("%d of %d units failed", l.sum.Failed, len(units))
		if runErr != nil {
			msg += " (" + runErr.Error() + ")"
		}
		if len(l.sum.Errors) > 0 {
			msg += "; first: " + l.sum.Errors[0]
		}
		fmt.Fprintf(stderr, "%s\nrun again with --resume to retry what is not done\n", msg)
		return l.sum, errors.New(msg)
	}
	return l.sum, runErr
}

// run dispatches the units phase by phase to Concurrency workers.
func (l *loader) run(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	l.brk = httpload.NewBreaker(l.opt.BreakerWindow, cancel)
	defer l.brk.Stop()
	for lo := 0; lo < len(l.units); {
		hi := lo
		for hi < len(l.units) && l.units[hi].phase == l.units[lo].phase {
			hi++
		}
		work := make(chan int)
		var wg sync.WaitGroup
		workers := l.opt.Concurrency
		if l.units[lo].shared {
			workers = 1 // no two transactions PUT a new shared id at once
		}
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					l.doUnit(ctx, cancel, i)
				}
			}()
		}
	feed:
		for i := lo; i < hi; i++ {
			if l.state.isDone(i) {
				continue
			}
			select {
			case work <- i:
			case <-ctx.Done():
				break feed
			}
		}
		close(work)
		wg.Wait()
		if err := context.Cause(ctx); err != nil {
			if errors.Is(err, errTooManyFailures) || errors.Is(err, ErrAuth) || errors.Is(err, ErrServerGone) {
				return err
			}
			return nil // interrupted: Run reports it
		}
		lo = hi
	}
	return nil
}

func newJitter() *rand.Rand { return rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)) }

var errTooManyFailures = errors.New("too many failures, stopped")

func (l *loader) doUnit(ctx context.Context, cancel context.CancelCauseFunc, i int) {
	u := l.units[i]
	var reqs []request
	var err error
	switch {
	case u.items != nil:
		reqs = []request{buildTransaction(u.items)}
	case u.lines > 0:
		reqs, _, err = ndjsonRequests(u)
	default:
		reqs, err = bundleRequests(u, l.opt.BundleSize, l.shared)
	}
	counts := map[string]*TypeCounts{}
	for _, r := range reqs {
		if err != nil {
			break
		}
		err = l.post(ctx, r, counts)
	}
	if ctx.Err() != nil && err != nil {
		return // interrupted mid-unit: not done, not failed
	}
	l.mu.Lock()
	for typ, c := range counts {
		t := l.sum.Types[typ]
		if t == nil {
			t = &TypeCounts{}
			l.sum.Types[typ] = t
		}
		t.Created += c.Created
		t.Updated += c.Updated
		t.Failed += c.Failed
	}
	if err != nil {
		l.sum.Failed++
		l.failures++
		l.sum.Errors = append(l.sum.Errors, l.red.Redact(u.name+": "+err.Error()))
		if l.failures <= 5 {
			fmt.Fprintf(l.stderr, "failed: %s: %v\n", u.name, err)
		}
		switch {
		case errors.Is(err, ErrAuth):
			cancel(err) // every other unit would be refused the same way
		case l.failures >= l.opt.MaxFailures:
			cancel(errTooManyFailures)
		}
	} else {
		l.sum.Done++
		l.state.markDone(i)
	}
	l.state.maybeSave()
	p := Progress{
		Done: l.state.doneCount() + l.sum.Failed, Total: len(l.units), Skipped: l.sum.Skipped, Failed: l.sum.Failed,
		Entries: l.sum.Entries(), Retries: l.sum.Retries, Elapsed: time.Since(l.start), Unit: u.name,
	}
	if l.opt.Progress != nil {
		l.opt.Progress(p)
	} else if time.Since(l.lastLine) >= 2*time.Second || p.Done == p.Total {
		l.lastLine = time.Now()
		fmt.Fprintf(l.stderr, "loading: %d/%d units, %d entries, %d failed, %d retries, %s\n",
			p.Done, p.Total, p.Entries, p.Failed, p.Retries, p.Elapsed.Round(time.Second))
	}
	l.mu.Unlock()
}
