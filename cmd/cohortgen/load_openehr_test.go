package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/code4health/cohortgen/export/openehr"
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
		{"load", "--openehr", "http://user:pw-Secret9@localhost:1/x", out},
		{"load", "--openehr", "http://localhost:1/x", "--token-env", "COHORTGEN_TEST_UNSET_VAR", out},
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
	if seen["PUT ehr"] != 8 || seen["POST definition"] != len(openehr.TemplateIDs) || seen["composition"] == 0 {
		t.Errorf("requests %v", seen)
	}
	if !strings.Contains(stdout, "EHRs: 8 created") {
		t.Errorf("stdout %q", stdout)
	}
}

// The credentials flags apply to --openehr: with --token-env every request
// carries the token; without it the preflight's 401 is exit 1 with a hint,
// before any write, and the secret is in no output.
func TestLoadOpenEHRToken(t *testing.T) {
	out := filepath.Join(t.TempDir(), "oe")
	if code, _, stderr := run(t, "generate", "-n", "4", "-q", "-f", "openehr", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	const token = "oe-token-Mn41pQ"
	var mu sync.Mutex
	var writes, refused int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if got := r.Header.Get("Authorization"); got != "Bearer "+token {
			refused++
			http.Error(w, `{"error":"Unauthorized","message":"not accepted: `+got+`"}`, http.StatusUnauthorized)
			return
		}
		if r.Method == http.MethodGet {
			w.Write([]byte("[]"))
			return
		}
		writes++
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	base := srv.URL + "/ehrbase/rest/openehr/v1"
	t.Setenv("OE_TOKEN", token)
	code, stdout, stderr := run(t, "load", "--openehr", base, "--openehr-system-id", "my.cdr", "--token-env", "OE_TOKEN", out)
	if code != 0 || refused != 0 || writes == 0 {
		t.Fatalf("exit %d, %d refused, %d writes: %s", code, refused, writes, stderr)
	}
	if strings.Contains(stdout+stderr, token) {
		t.Errorf("the token is in the output:\n%s%s", stdout, stderr)
	}
	writes = 0
	t.Setenv("OE_TOKEN", "wrong-token-Zx93")
	for _, extra := range [][]string{nil, {"--token-env", "OE_TOKEN"}} {
		args := append([]string{"load", "--openehr", base}, extra...)
		code, stdout, stderr = run(t, append(args, out)...)
		hint := "--token-env NAME"
		if extra != nil {
			hint = "refused the bearer token"
		}
		if code != exitFailure || !strings.Contains(stderr, "401") || !strings.Contains(stderr, hint) || writes != 0 {
			t.Errorf("%v: exit %d, %d writes, stderr %q", extra, code, writes, stderr)
		}
		if strings.Contains(stdout+stderr, "wrong-token-Zx93") {
			t.Errorf("the refused token is in the output:\n%s%s", stdout, stderr)
		}
	}
}

// Nothing listening on the port: exit 1 at once, saying so.
func TestLoadOpenEHRClosedPort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "oe")
	if code, _, stderr := run(t, "generate", "-n", "2", "-q", "-f", "openehr", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	code, _, stderr := run(t, "load", "--openehr", "http://"+addr+"/ehrbase/rest/openehr/v1", out)
	if took := time.Since(start); code != exitFailure || !strings.Contains(stderr, "connection refused") || took > 2*time.Second {
		t.Errorf("exit %d after %v: %s", code, took, stderr)
	}
}
