// Package openehrload loads cohortgen's openEHR output (-f openehr) into an
// openEHR server through the openEHR REST API. It is the logic of
//
//	cohortgen load --openehr URL [--concurrency N] [--retries N] [--resume] [--openehr-system-id ID] DIR
//
// For each template in openehr/templates not yet on the server it POSTs the
// OPT to /definition/template/adl1.4; then, EHR by EHR, it creates the EHR
// with its id and EHR_STATUS (PUT /ehr/{ehr_id}) and POSTs each composition
// to /ehr/{ehr_id}/composition.
//
// Re-running is idempotent. An existing EHR answers 409 to the PUT; the
// compositions of an EHR that already existed are each looked up first by
// their deterministic uid (GET /ehr/{ehr_id}/composition/{uuid}) and posted
// only when absent. A new EHR has no compositions, so its are posted without
// a look-up. That relies on the server keeping the uid the composition is
// posted with, as EHRbase does for canonical JSON when the uid's system id is
// its own: Options.SystemID replaces the system id written by cohortgen.
//
// Network errors, 408, 429 and 5xx answers are retried with backoff
// (honouring Retry-After). Progress is checkpointed per EHR in
// DIR/.openehr-load-state; Options.Resume skips what it records as done.
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

	Client *http.Client // default: one with a 5-minute timeout
	Header http.Header  // added to every request (for example Authorization)
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
}

// Errors found before any request is sent; the CLI exits 2 on them.
var (
	ErrBadServer = errors.New("bad openEHR server URL")
	ErrNoOpenEHR = errors.New("no openEHR output")
)

// CheckServer checks that raw is an http(s) URL with a host.
func CheckServer(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: %q: give the server's openEHR REST base URL, such as http://localhost:8080/ehrbase/rest/openehr/v1", ErrBadServer, raw)
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
	opt    Options
	base   string
	mu     sync.Mutex
	sum    Summary
	jitter *rand.Rand
}

// Run loads the dataset and reports to stdout (summary) and stderr
// (progress and failures).
func Run(ctx context.Context, opt Options, stdout, stderr io.Writer) (Summary, error) {
	if err := CheckServer(opt.Server); err != nil {
		return Summary{}, err
	}
	root, err := openEHRDir(opt.Dir)
	if err != nil {
		return Summary{}, err
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	if opt.Retries == 0 {
		opt.Retries = 10
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 250 * time.Millisecond
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 30 * time.Second
	}
	if opt.MaxRetryAfter <= 0 {
		opt.MaxRetryAfter = 5 * time.Minute
	}
	if opt.MaxFailures <= 0 {
		opt.MaxFailures = 10
	}
	if opt.Client == nil {
		opt.Client = &http.Client{Timeout: 5 * time.Minute}
	}
	l := &loader{opt: opt, base: strings.TrimRight(opt.Server, "/"), jitter: rand.New(rand.NewPCG(1, 2))}

	ehrs, err := readEHRs(root)
	if err != nil {
		return l.sum, err
	}
	st, err := openState(opt, ehrs, stderr)
	if err != nil {
		return l.sum, err
	}
	// The template step doubles as the preflight: it is the first request,
	// and a server that is not an openEHR server fails it.
	if err := l.templates(ctx, root, stderr); err != nil {
		return l.sum, fmt.Errorf("uploading templates: %w", err)
	}
	err = l.loadEHRs(ctx, root, ehrs, st, stderr)
	if serr := st.save(); err == nil {
		err = serr
	}
	s := l.sum
	fmt.Fprintf(stdout, "templates: %d uploaded, %d already there\n", s.TemplatesUploaded, s.TemplatesPresent)
	fmt.Fprintf(stdout, "EHRs: %d created, %d already there, %d skipped (done before), %d failed\n", s.EHRsCreated, s.EHRsPresent, s.EHRsSkipped, s.EHRsFailed)
	fmt.Fprintf(stdout, "compositions: %d created, %d already there\n", s.CompositionsCreated, s.CompositionsPresent)
	fmt.Fprintf(stdout, "requests: %d (%d retries)\n", s.Requests, s.Retries)
	if err == nil && s.EHRsFailed > 0 {
		err = fmt.Errorf("%d EHRs failed; run again with --resume to retry them", s.EHRsFailed)
	}
	return s, err
}

func (l *loader) add(f func(*Summary)) {
	l.mu.Lock()
	f(&l.sum)
	l.mu.Unlock()
}
