package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Bad --openehr input is a usage error: exit 2 and one line, before any
// request.
func TestLoadOpenEHRBadInputIsExit2(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pq")
	if code, _, stderr := run(t, "generate", "-n", "5", "-q", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	for _, args := range [][]string{
		{"load", "--openehr", "localhost:8080", out},
		{"load", "--openehr", "http://localhost:1/x", out}, // a Parquet-only dataset
		{"load", "--openehr", "http://localhost:1/x", "--server", "http://localhost:1/fhir", out},
		{"load", "--openehr", "http://localhost:1/x", filepath.Join(out, "missing")},
	} {
		code, stdout, stderr := run(t, args...)
		if code != exitUsage || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, stdout, stderr)
		}
	}
}

// End to end through the CLI against a minimal server: every EHR is PUT
// once and every composition POSTed once, with the system id asked for.
func TestLoadOpenEHREndToEnd(t *testing.T) {
	out := filepath.Join(t.TempDir(), "oe")
	if code, _, stderr := run(t, "generate", "-n", "8", "-q", "-f", "openehr", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Method == http.MethodGet:
			w.Write([]byte("[]"))
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/composition"):
			var c struct {
				UID struct{ Value string } `json:"uid"`
			}
			json.Unmarshal(body, &c)
			if !strings.HasSuffix(c.UID.Value, "::my.cdr::1") {
				http.Error(w, "system id", http.StatusPreconditionFailed)
				return
			}
			seen["composition"]++
			w.WriteHeader(http.StatusCreated)
		default:
			seen[r.Method+" "+strings.SplitN(strings.TrimPrefix(r.URL.Path, "/v1/"), "/", 2)[0]]++
			w.WriteHeader(http.StatusCreated)
		}
	}))
	defer srv.Close()
	code, stdout, stderr := run(t, "load", "--openehr", srv.URL+"/v1", "--openehr-system-id", "my.cdr", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if seen["PUT ehr"] != 8 || seen["POST definition"] != 5 || seen["composition"] == 0 {
		t.Errorf("requests %v", seen)
	}
	if !strings.Contains(stdout, "EHRs: 8 created") {
		t.Errorf("stdout %q", stdout)
	}
}
