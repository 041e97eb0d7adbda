package openehrload_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/code4health/cohortgen/openehrload"
)

// A base URL without EHRbase's path answers 404 at the preflight: the
// error says what the base URL usually ends in and names the right one on
// the same host; nothing is written.
func TestPreflight404Hint(t *testing.T) {
	dir, _, _ := dataset(t)
	srv, url := newTestServer(t, "local.test", 0)
	wrong := strings.TrimSuffix(url, "/ehrbase/rest/openehr/v1") + "/openehr"
	_, err := openehrload.Run(context.Background(), opts(wrong, dir), &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, openehrload.ErrPreflight) || !strings.Contains(err.Error(), "404") ||
		!strings.Contains(err.Error(), "usually ends in /ehrbase/rest/openehr/v1") || !strings.Contains(err.Error(), "try --openehr "+url) {
		t.Fatalf("err = %v", err)
	}
	if n := srv.writes(); n != 0 {
		t.Errorf("%d writes after a failed preflight", n)
	}
}

// Nothing listening: the preflight fails at once, without retries.
func TestClosedPortFailsFast(t *testing.T) {
	dir, _, _ := dataset(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	o := opts("http://"+addr+"/ehrbase/rest/openehr/v1", dir)
	o.MinBackoff, o.MaxBackoff = time.Second, time.Second // retrying would show in the time
	start := time.Now()
	sum, err := openehrload.Run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
	took := time.Since(start)
	if !errors.Is(err, openehrload.ErrPreflight) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v", err)
	}
	if took > 2*time.Second || sum.Requests != 1 {
		t.Errorf("took %v and %d requests; want one request, at once", took, sum.Requests)
	}
	if _, err := os.Stat(filepath.Join(dir, openehrload.StateFile)); err == nil {
		t.Error("a checkpoint was written for a load that never started")
	}
}

// A server that stops answering mid-load stops the load through the shared
// breaker, although every request could still retry for long; the
// checkpoint is saved, stderr says how to resume, --resume completes the
// load once the server is back, and a further run adds nothing.
func TestServerGoneStopsAndResumes(t *testing.T) {
	dir, nEHR, nComp := dataset(t)
	srv, url := newTestServer(t, "local.test", 0)
	go func() {
		for {
			if e, _, _ := srv.counts(); e >= nEHR/3 {
				srv.down.Store(true)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	o := opts(url, dir)
	o.Retries = 100000 // per-request retries alone would go on for good
	o.MinBackoff, o.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	o.BreakerWindow = 300 * time.Millisecond
	// The guard only turns a hang into a failure of this test.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	start := time.Now()
	sum, err := openehrload.Run(ctx, o, &out, &errb)
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("the load did not stop by itself: %v", err)
	}
	if !errors.Is(err, openehrload.ErrServerGone) {
		t.Fatalf("err = %v\n%s", err, errb.String())
	}
	t.Logf("stopped after %v: %v", took, err)
	for _, w := range []string{"has not answered for 300ms", "EHRs done", openehrload.StateFile, "--resume"} {
		if !strings.Contains(errb.String(), w) {
			t.Errorf("stderr does not say %q:\n%s", w, errb.String())
		}
	}
	if !strings.Contains(out.String(), "retries by cause:") || len(sum.RetryCauses) == 0 {
		t.Errorf("no retry causes in the summary:\n%s", out.String())
	}
	for cause := range sum.RetryCauses {
		if cause != "the server closed the connection" && cause != "connection reset by the server" {
			t.Errorf("retry cause %q", cause)
		}
	}
	var st struct {
		DoneBelow int   `json:"done_below"`
		Done      []int `json:"done"`
		Complete  bool  `json:"complete"`
	}
	data, err := os.ReadFile(filepath.Join(dir, openehrload.StateFile))
	if err != nil || json.Unmarshal(data, &st) != nil {
		t.Fatalf("checkpoint: %v %s", err, data)
	}
	done := st.DoneBelow + len(st.Done)
	if st.Complete || done == 0 || done >= nEHR {
		t.Errorf("checkpoint: %d of %d EHRs done, complete %v", done, nEHR, st.Complete)
	}

	srv.down.Store(false)
	o.Resume = true
	sum, err = openehrload.Run(context.Background(), o, &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	ehrs, comps, posts := srv.counts()
	if ehrs != nEHR || comps != nComp || posts != nComp {
		t.Fatalf("after resume: %d EHRs, %d compositions, %d posts; want %d, %d, %d", ehrs, comps, posts, nEHR, nComp, nComp)
	}
	if sum.EHRsSkipped != done {
		t.Errorf("resume skipped %d EHRs; the checkpoint had %d", sum.EHRsSkipped, done)
	}
	// A further full run finds everything there and posts nothing.
	o.Resume = false
	sum, err = openehrload.Run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if _, comps2, posts2 := srv.counts(); comps2 != nComp || posts2 != posts || sum.EHRsCreated != 0 || sum.CompositionsCreated != 0 {
		t.Errorf("re-run: %d compositions, %d posts (before %d, %d); summary %+v", comps2, posts2, comps, posts, sum)
	}
}
