package fhirload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/code4health/cohortgen/export/fhir"
	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/internal/httpload"
)

// writeSample writes a cohortgen-like FHIR output (both formats) of the
// given number of patients to dir, and returns the resource counts by type.
func writeSample(t testing.TB, dir string, seed uint64, patients int) map[string]int {
	t.Helper()
	practices := fhirsample.Practices(seed, 6)
	reg := outfile.NewRegistry(dir)
	sinks := []generator.Sink{fhir.NewNDJSON(reg, fhir.Options{}), fhir.NewBundles(reg, fhir.Options{})}
	counts := map[string]int{"Organization": len(practices)}
	counts["Practitioner"] = len(fhirsample.Practitioners(practices))
	for _, sk := range sinks {
		if err := sk.WritePractices(practices); err != nil {
			t.Fatal(err)
		}
		if err := sk.WritePractitioners(fhirsample.Practitioners(practices)); err != nil {
			t.Fatal(err)
		}
	}
	for first := 0; first < patients; first += 10 {
		n := min(10, patients-first)
		part := generator.Part{First: int64(first), End: int64(first + n)}
		b := fhirsample.Batch(seed, practices, int64(first), n, fhirsample.Small)
		counts["Patient"] += len(b.Patients)
		counts["Condition"] += len(b.Conditions)
		counts["Encounter"] += len(b.Encounters)
		counts["MedicationRequest"] += len(b.Prescriptions)
		counts["Observation"] += len(b.Observations)
		counts["Immunization"] += len(b.Immunisations)
		counts["AllergyIntolerance"] += len(b.Allergies)
		for i := range b.Patients { // a dead patient's cause of death is an Observation too
			if fhir.HasCauseOfDeath(&b.Patients[i]) {
				counts["Observation"]++
			}
		}
		for _, sk := range sinks {
			w, err := sk.OpenPart(part)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(b); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, sk := range sinks {
		if err := sk.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return counts
}

// bundleCounts is counts with the Practitioners and Organizations the
// Bundles carry: only the practices and practitioners their patients' records
// name.
func bundleCounts(t *testing.T, dir string, counts map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range counts {
		out[k] = v
	}
	seen := map[string]bool{}
	filepath.WalkDir(filepath.Join(dir, "bundles"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		var b bundleFile
		json.Unmarshal(data, &b)
		for _, e := range b.Entry {
			if strings.HasPrefix(e.Request.URL, "Practitioner/") || strings.HasPrefix(e.Request.URL, "Organization/") {
				seen[e.Request.URL] = true
			}
		}
		return nil
	})
	out["Practitioner"], out["Organization"] = 0, 0
	for k := range seen {
		typ, _, _ := strings.Cut(k, "/")
		out[typ]++
	}
	return out
}

func quietOpts(server, dir string) Options {
	return Options{Server: server, Dir: dir, Concurrency: 4, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		Progress: func(Progress) {}}
}

func checkStore(t *testing.T, f *fakeServer, want map[string]int) {
	t.Helper()
	for typ, n := range want {
		if got := f.count(typ); got != n {
			t.Errorf("server has %d %s, want %d", got, typ, n)
		}
	}
}

func TestLoadBundlesTwice(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 1, 40))
	f := newFakeServer(t)
	var out, errb bytes.Buffer
	sum, err := Run(context.Background(), quietOpts(f.url(), dir), &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out.String(), errb.String())
	}
	checkStore(t, f, counts)
	// 40 Bundles and one unit of the shared practice resources.
	if sum.Format != "bundle" || sum.Units != 41 || sum.Done != 41 || sum.Failed != 0 {
		t.Errorf("summary %+v", sum)
	}
	if c := sum.Types["Patient"]; c == nil || c.Created != 40 || c.Updated != 0 {
		t.Errorf("Patient counts %+v", c)
	}
	// Each Organization is loaded once, not once per Bundle.
	if c := sum.Types["Organization"]; c == nil || int(c.Created) != counts["Organization"] || c.Updated != 0 {
		t.Errorf("Organization counts %+v (want %d created, none updated)", c, counts["Organization"])
	}
	if sum.Shared["Organization"] != counts["Organization"] || sum.Shared["Practitioner"] != counts["Practitioner"] {
		t.Errorf("shared %v, want %d Organization and %d Practitioner", sum.Shared, counts["Organization"], counts["Practitioner"])
	}
	if !strings.Contains(out.String(), "MedicationRequest") {
		t.Errorf("summary table missing:\n%s", out.String())
	}
	// Again, without --resume: everything is updated, nothing added.
	sum, err = Run(context.Background(), quietOpts(f.url(), dir), &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	checkStore(t, f, counts)
	for typ, c := range sum.Types {
		if c.Created != 0 || c.Failed != 0 {
			t.Errorf("second run %s: %+v", typ, c)
		}
	}
	// And with --resume after a complete load: nothing to do.
	posts := f.posts.Load()
	opt := quietOpts(f.url(), dir)
	opt.Resume = true
	sum, err = Run(context.Background(), opt, &out, &errb)
	if err != nil || sum.Skipped != 41 || f.posts.Load() != posts {
		t.Errorf("resume of a complete load: %v, %+v, %d posts", err, sum, f.posts.Load()-posts)
	}
}

func TestLoadNDJSONInReferenceOrder(t *testing.T) {
	dir := t.TempDir()
	counts := writeSample(t, dir, 2, 30)
	f := newFakeServer(t)
	opt := quietOpts(f.url(), dir)
	opt.Format = "ndjson"
	opt.BundleSize = 7
	opt.Concurrency = 8
	sum, err := Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	checkStore(t, f, counts)
	total := 0
	for _, n := range counts {
		total += n
	}
	if sum.Entries() != int64(total) || sum.Failed != 0 {
		t.Errorf("summary: %d entries (want %d), %+v", sum.Entries(), total, sum)
	}
	if f.posts.Load() < int64(total/7) {
		t.Errorf("%d posts for %d entries at 7 per transaction", f.posts.Load(), total)
	}
}

func TestLoadSplitsBigBundles(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 3, 20))
	f := newFakeServer(t)
	opt := quietOpts(f.url(), dir)
	opt.BundleSize = 5
	sum, err := Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	checkStore(t, f, counts)
	// 20 Bundles and the shared resources, both in units of at most 5.
	shared := (counts["Organization"] + counts["Practitioner"] + 4) / 5
	if f.posts.Load() <= 20 || sum.Done != 20+shared {
		t.Errorf("%d posts for 20 bundles split by 5; summary %+v", f.posts.Load(), sum)
	}
	// No urn:uuid reference survives a split.
	f.mu.Lock()
	for k, v := range f.store {
		if bytes.Contains(v, []byte("urn:uuid")) {
			t.Errorf("%s still has a urn:uuid reference", k)
		}
	}
	f.mu.Unlock()
}

func TestLoadRetries(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 4, 30))
	f := newFakeServer(t)
	// Each unit is refused twice, overloaded then too fast, and then taken.
	// (A fault by post number, every 4th of 4 posts in flight, could land on
	// one unit at every attempt and exhaust its retries: CI saw it.)
	var mu sync.Mutex
	tries := map[string]int{}
	f.fault = func(_ int64, body []byte) (int, string, string) {
		mu.Lock()
		defer mu.Unlock()
		tries[string(body)]++
		switch tries[string(body)] {
		case 1:
			return 503, "0", "overloaded"
		case 2:
			return 429, "", "slow down"
		}
		return 0, "", ""
	}
	var out bytes.Buffer
	sum, err := Run(context.Background(), quietOpts(f.url(), dir), &out, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	checkStore(t, f, counts)
	if sum.Retries < 30 || sum.Requests != f.posts.Load() {
		t.Errorf("retries %d, requests %d, posts %d", sum.Retries, sum.Requests, f.posts.Load())
	}
	// Every retry is explained by its status and the OperationOutcome.
	causes := map[string]int{"HTTP 503 Service Unavailable: overloaded": 0, "HTTP 429 Too Many Requests: slow down": 0}
	total := 0
	for cause, n := range sum.RetryCauses {
		if _, ok := causes[cause]; !ok {
			t.Errorf("unexpected retry cause %q", cause)
		}
		total += n
		if !strings.Contains(out.String(), cause) {
			t.Errorf("summary does not list %q:\n%s", cause, out.String())
		}
	}
	if int64(total) != sum.Retries || len(sum.RetryCauses) != 2 {
		t.Errorf("retry causes %v for %d retries", sum.RetryCauses, sum.Retries)
	}
	// Retries are bounded: a server that always fails makes Run fail.
	f2 := newFakeServer(t)
	f2.fault = func(int64, []byte) (int, string, string) { return 503, "0", "down for maintenance" }
	opt := quietOpts(f2.url(), dir)
	opt.Retries = 2
	opt.MaxFailures = 3
	var errb bytes.Buffer
	out.Reset()
	sum, err = Run(context.Background(), opt, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "down for maintenance") {
		t.Errorf("always-503 server: err = %v", err)
	}
	if sum.Failed < 3 || sum.Done != 0 {
		t.Errorf("summary %+v", sum)
	}
	// Every failure is listed with its message.
	if len(sum.Errors) != sum.Failed || strings.Count(out.String(), "down for maintenance") < sum.Failed+1 {
		t.Errorf("%d failures, %d messages; summary:\n%s", sum.Failed, len(sum.Errors), out.String())
	}
	if f2.posts.Load() > int64(3*(opt.Concurrency+3)) {
		t.Errorf("%d posts: did not stop after MaxFailures", f2.posts.Load())
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, 5, 2)
	f := newFakeServer(t)
	var mu sync.Mutex
	var times []time.Time
	f.fault = func(n int64, _ []byte) (int, string, string) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if n == 1 {
			return 429, "1", "rate limited"
		}
		return 0, "", ""
	}
	opt := quietOpts(f.url(), dir)
	opt.Concurrency = 1
	if _, err := Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if len(times) < 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Errorf("retry came %v after a Retry-After: 1", times[1].Sub(times[0]))
	}
}

func TestLoadReportsOperationOutcome(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, 6, 12)
	f := newFakeServer(t)
	var bad atomic.Bool
	bad.Store(true)
	f.fault = func(n int64, body []byte) (int, string, string) {
		if bad.Load() && bytes.Contains(body, []byte(`"patient5@example.com"`)) {
			return 422, "", "Patient.telecom: unprocessable (test)"
		}
		return 0, "", ""
	}
	var out, errb bytes.Buffer
	sum, err := Run(context.Background(), quietOpts(f.url(), dir), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "Patient.telecom: unprocessable (test)") || !strings.Contains(err.Error(), "422") {
		t.Fatalf("err = %v", err)
	}
	if sum.Failed != 1 || sum.Done != 12 || sum.Types["Patient"].Failed != 1 {
		t.Errorf("summary %+v, Patient %+v", sum, sum.Types["Patient"])
	}
	if !strings.Contains(errb.String(), "--resume") {
		t.Errorf("stderr does not say how to continue:\n%s", errb.String())
	}
	// Fixed server, --resume: only the failed unit is posted.
	bad.Store(false)
	posts := f.posts.Load()
	opt := quietOpts(f.url(), dir)
	opt.Resume = true
	sum, err = Run(context.Background(), opt, &out, &errb)
	if err != nil || sum.Done != 1 || sum.Skipped != 12 || f.posts.Load()-posts != 1 {
		t.Errorf("resume: %v, %+v, %d posts", err, sum, f.posts.Load()-posts)
	}
	if f.count("Patient") != 12 {
		t.Errorf("%d patients stored", f.count("Patient"))
	}
}

func TestInterruptAndResume(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 7, 60))
	f := newFakeServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	opt := quietOpts(f.url(), dir)
	opt.Concurrency = 3
	opt.Progress = func(p Progress) {
		if p.Done == 20 {
			cancel()
		}
	}
	var errb bytes.Buffer
	sum, err := Run(ctx, opt, &bytes.Buffer{}, &errb)
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v", err)
	}
	if sum.StoppedAt == "" || !strings.Contains(errb.String(), "stopped at "+sum.StoppedAt) || !strings.Contains(errb.String(), "--resume") {
		t.Errorf("StoppedAt %q, stderr:\n%s", sum.StoppedAt, errb.String())
	}
	var st stateJSON
	data, err := os.ReadFile(filepath.Join(dir, StateFile))
	if err != nil || json.Unmarshal(data, &st) != nil {
		t.Fatalf("state file: %v %s", err, data)
	}
	done := st.DoneBelow + len(st.Done)
	if st.Complete || done < 20 || done >= 61 {
		t.Fatalf("state after interrupt: %+v", st)
	}
	posts := f.posts.Load()
	opt.Progress = func(Progress) {}
	opt.Resume = true
	sum, err = Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	// sum.Requests counts this run's requests exactly; the server's count
	// may also catch a request of the interrupted run arriving late.
	if sum.Skipped != done || sum.Done != 61-done || sum.Requests != int64(61-done) || f.posts.Load()-posts > int64(61-done+opt.Concurrency) {
		t.Errorf("resume: skipped %d done %d requests %d (server saw %d); state had %d done", sum.Skipped, sum.Done, sum.Requests, f.posts.Load()-posts, done)
	}
	checkStore(t, f, counts)
	data, _ = os.ReadFile(filepath.Join(dir, StateFile))
	json.Unmarshal(data, &st)
	if !st.Complete || st.DoneBelow != 61 {
		t.Errorf("final state %+v", st)
	}
	// The state is refused for another server, or other options.
	opt.Server = f.srv.URL + "/other"
	if _, err := Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "not "+opt.Server) {
		t.Errorf("resume against another server: %v", err)
	}
}

func TestHelpers(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{"0": 0, "3": 3 * time.Second, "Wed, 01 Jan 2025 00:00:10 GMT": 10 * time.Second} {
		if d, ok := httpload.RetryAfter(h, now); !ok || d != want {
			t.Errorf("retryAfter(%q) = %v %v", h, d, ok)
		}
	}
	if _, ok := httpload.RetryAfter("soon", now); ok {
		t.Error("retryAfter accepted garbage")
	}
	oo := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"bad date","expression":["Patient.birthDate"]}]}`
	if got := outcomeText([]byte(oo)); got != "error/invalid: bad date (at Patient.birthDate)" {
		t.Errorf("outcomeText = %q", got)
	}
	l := &loader{opt: Options{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}}
	l.jitter = newJitter()
	for a := 1; a < 10; a++ {
		d := l.backoff(a)
		full := min(100*time.Millisecond<<(a-1), time.Second)
		if d < full/2 || d > full {
			t.Errorf("backoff(%d) = %v, want in [%v, %v]", a, d, full/2, full)
		}
	}
	for _, s := range []int{200, 201, 400, 404, 413, 422} {
		if retryable(s) {
			t.Errorf("%d retryable", s)
		}
	}
	for _, s := range []int{408, 409, 429, 500, 502, 503, 504} {
		if !retryable(s) {
			t.Errorf("%d not retryable", s)
		}
	}
	refs := map[string]string{"urn:uuid:a": "Patient/a"}
	if got := string(rewriteRefs([]byte(`{"x":{"reference":"urn:uuid:a"},"y":"urn:uuid:b"}`), refs)); got != `{"x":{"reference":"Patient/a"},"y":"urn:uuid:b"}` {
		t.Errorf("rewriteRefs = %s", got)
	}
}

func TestSplitNDJSON(t *testing.T) {
	p := filepath.Join(t.TempDir(), "Patient.ndjson")
	os.WriteFile(p, []byte("{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}"), 0o644)
	us, err := splitNDJSON(p, "Patient.ndjson", 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 2 || us[0].lines != 2 || us[1].lines != 2 || us[0].name != "Patient.ndjson:1-3" || us[1].name != "Patient.ndjson:4-5" {
		t.Fatalf("units %+v", us)
	}
	data, _ := os.ReadFile(p)
	if got := string(data[us[1].off : us[1].off+us[1].size]); got != "{\"a\":3}\n{\"a\":4}" {
		t.Errorf("second unit %q", got)
	}
}

// TestIntegration loads a sample into the server at $COHORTGEN_FHIR_URL
// and checks the counts there by search, then loads it again and checks
// that nothing was added. Each run uses fresh ids (a random seed), so the
// counts must grow by exactly the sample.
func TestIntegration(t *testing.T) {
	server := os.Getenv("COHORTGEN_FHIR_URL")
	if server == "" {
		t.Skip("COHORTGEN_FHIR_URL not set")
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	counts := bundleCounts(t, dir, writeSample(t, dir, seed, 50))
	ctx := context.Background()
	before := map[string]int{}
	for typ := range counts {
		n, err := CountResources(ctx, nil, server, typ)
		if err != nil {
			t.Fatal(err)
		}
		before[typ] = n
	}
	opt := Options{Server: server, Dir: dir, Concurrency: 4, MinBackoff: 10 * time.Millisecond, Retries: 20}
	for run := 1; run <= 2; run++ {
		var out, errb bytes.Buffer
		if _, err := Run(ctx, opt, &out, &errb); err != nil {
			t.Fatalf("run %d: %v\n%s%s", run, err, out.String(), errb.String())
		}
		t.Logf("run %d:\n%s", run, out.String())
		for typ, n := range counts {
			got, err := CountResources(ctx, nil, server, typ)
			if err != nil {
				t.Fatal(err)
			}
			if got-before[typ] != n {
				t.Errorf("run %d: %s count went from %d to %d, want +%d", run, typ, before[typ], got, n)
			}
		}
	}
}
