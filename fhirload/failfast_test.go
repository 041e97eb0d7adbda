package fhirload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServerGoneStopsAndResumes: a server that stops answering mid-load
// stops the load through the shared breaker, even though each unit could
// still retry for a long time; the checkpoint is written, stderr says how
// many units are done and how to resume, and --resume completes the load
// once the server is back.
func TestServerGoneStopsAndResumes(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 31, 40))
	f := newFakeServer(t)
	f.fault = func(n int64, _ []byte) (int, string, string) {
		if n == 15 {
			f.down.Store(true) // from the next request on
		}
		return 0, "", ""
	}
	opt := quietOpts(f.url(), dir)
	opt.Retries = 100000 // per-unit retries alone would go on for good
	opt.MinBackoff, opt.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	opt.BreakerWindow = 300 * time.Millisecond
	// The guard only turns a hang into a failure of this test.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	sum, err := Run(ctx, opt, &out, &errb)
	if ctx.Err() != nil {
		t.Fatalf("the load did not stop by itself: %v", err)
	}
	if !errors.Is(err, ErrServerGone) {
		t.Fatalf("err = %v", err)
	}
	msg := errb.String()
	for _, w := range []string{"has not answered for 300ms", "connection", "units done", StateFile, "--resume"} {
		if !strings.Contains(msg, w) {
			t.Errorf("stderr does not say %q:\n%s", w, msg)
		}
	}
	// Retries are explained in a few words each, without addresses.
	if len(sum.RetryCauses) == 0 {
		t.Error("no retry causes")
	}
	for cause := range sum.RetryCauses {
		if cause != "the server closed the connection" && cause != "connection reset by the server" {
			t.Errorf("retry cause %q", cause)
		}
	}
	var st stateJSON
	data, err := os.ReadFile(filepath.Join(dir, StateFile))
	if err != nil || json.Unmarshal(data, &st) != nil {
		t.Fatalf("checkpoint: %v %s", err, data)
	}
	done := st.DoneBelow + len(st.Done)
	if st.Complete || done == 0 || done != sum.Done {
		t.Errorf("checkpoint %+v for summary %+v", st, sum)
	}

	f.down.Store(false)
	f.fault = nil
	opt.Resume = true
	sum, err = Run(context.Background(), opt, &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != done || sum.Done != sum.Units-done {
		t.Errorf("resume: skipped %d, done %d of %d; checkpoint had %d", sum.Skipped, sum.Done, sum.Units, done)
	}
	checkStore(t, f, counts)
}

// TestBreakerToleratesBriefOutage: a gap shorter than the window is ridden
// out by retries; the breaker does not stop the load.
func TestBreakerToleratesBriefOutage(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 32, 20))
	f := newFakeServer(t)
	f.fault = func(n int64, _ []byte) (int, string, string) {
		if n == 5 {
			f.down.Store(true)
			time.AfterFunc(100*time.Millisecond, func() { f.down.Store(false) })
		}
		return 0, "", ""
	}
	opt := quietOpts(f.url(), dir)
	opt.MinBackoff, opt.MaxBackoff = 20*time.Millisecond, 50*time.Millisecond
	opt.Retries = 1000
	opt.BreakerWindow = 20 * time.Second
	sum, err := Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Retries == 0 {
		t.Error("the outage caused no retry")
	}
	checkStore(t, f, counts)
}
