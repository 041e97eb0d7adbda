package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// txServer is a loopback FHIR endpoint that wants a bearer token: it
// answers /metadata with an R4 CapabilityStatement and each transaction
// with 201 for every entry, after acceptPosts of them 401 (a token revoked
// mid-load). A 401 echoes the refused header, as some servers do.
func txServer(t *testing.T, token string, acceptPosts int64) (*httptest.Server, *atomic.Int64) {
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fhir+json")
		got := r.Header.Get("Authorization")
		if got != "Bearer "+token || (r.Method == http.MethodPost && posts.Add(1) > acceptPosts) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login","diagnostics":"not accepted: %s"}]}`, got)
			return
		}
		if r.Method == http.MethodGet {
			io.WriteString(w, `{"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","rest":[{"mode":"server","interaction":[{"code":"transaction"}]}]}`)
			return
		}
		var b struct{ Entry []json.RawMessage }
		json.NewDecoder(r.Body).Decode(&b)
		entries := make([]string, len(b.Entry))
		for i := range entries {
			entries[i] = `{"response":{"status":"201 Created"}}`
		}
		fmt.Fprintf(w, `{"resourceType":"Bundle","type":"transaction-response","entry":[%s]}`, strings.Join(entries, ","))
	}))
	t.Cleanup(srv.Close)
	return srv, &posts
}

// TestLoadSecretsNeverShown greps everything the command prints, and the
// checkpoint, for the token, whatever happens to the load.
func TestLoadSecretsNeverShown(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "-n", "30", "-q", "-f", "fhir-bundle", "-o", out); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	const token = "cli-token-T7vQ2mZ"
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte(token+"\n"), 0o600)
	t.Setenv("TEST_FHIR_TOKEN", token)
	t.Setenv("TEST_WRONG_TOKEN", "cli-wrong-K9pX4")
	t.Setenv("TEST_API_KEY", "api-key-Hh3Ws")

	cases := []struct {
		name     string
		accept   int64 // transactions accepted before the token is refused
		args     []string
		wantCode int
		want     []string
		notWant  []string
	}{
		{"token from a file, header from env", 1 << 30, []string{"--token-file", tokenFile, "--header", "X-Api-Key: ${TEST_API_KEY}"}, 0,
			[]string{"Patient"}, nil},
		{"wrong token", 1 << 30, []string{"--token-env", "TEST_WRONG_TOKEN"}, 1,
			[]string{"401", "refused the bearer token"}, []string{"--resume"}},
		{"token revoked mid-load", 3, []string{"--token-env", "TEST_FHIR_TOKEN"}, 1,
			[]string{"401", "units done", "fix the credentials"}, []string{"--resume"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(filepath.Join(out, ".load-state"))
			srv, _ := txServer(t, token, c.accept)
			code, stdout, stderr := run(t, append([]string{"load", "--server", srv.URL + "/fhir", "--concurrency", "2"}, append(c.args, out)...)...)
			all := stdout + stderr
			if code != c.wantCode {
				t.Fatalf("exit %d, want %d:\n%s", code, c.wantCode, all)
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output does not say %q:\n%s", w, all)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(all, w) {
					t.Errorf("output says %q:\n%s", w, all)
				}
			}
			state, _ := os.ReadFile(filepath.Join(out, ".load-state"))
			for _, secret := range []string{token, "cli-wrong-K9pX4", "api-key-Hh3Ws"} {
				if strings.Contains(all, secret) || strings.Contains(string(state), secret) {
					t.Errorf("%q leaked:\n%s\ncheckpoint: %s", secret, all, state)
				}
			}
		})
	}
}

// TestLoadCredentialFlagsAreUsageErrors: credentials that cannot be read
// are exit 2 at once, naming the flag and never the secret.
func TestLoadCredentialFlagsAreUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "-n", "3", "-q", "-f", "fhir-bundle", "-o", out); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	t.Setenv("TEST_SET_TOKEN", "set-token-Pz8")
	t.Setenv("TEST_UNSET_TOKEN", "")
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--token-env", "TEST_UNSET_TOKEN"}, []string{"--token-env", "TEST_UNSET_TOKEN", "not set"}},
		{[]string{"--token-file", "/nonexistent/token"}, []string{"--token-file", "/nonexistent/token"}},
		{[]string{"--token-file", empty}, []string{"is empty"}},
		{[]string{"--token-env", "TEST_SET_TOKEN", "--token-file", empty}, []string{"give one of"}},
		{[]string{"--header", "X-Secret set-token-Pz8"}, []string{"--header number 1", "Name: value"}},
		{[]string{"--header", "X-Key: ${TEST_UNSET_TOKEN}"}, []string{"X-Key", "TEST_UNSET_TOKEN", "not set"}},
		{[]string{"--token-env", "TEST_SET_TOKEN", "--header", "Authorization: Basic x"}, []string{"Authorization"}},
		{[]string{"--oauth-token-url", "ftp://idp/token"}, []string{"--oauth-token-url"}},
		{[]string{"--oauth-token-url", "https://idp.example/token", "--oauth-client-id-env", "TEST_UNSET_TOKEN"}, []string{"TEST_UNSET_TOKEN"}},
	}
	for _, c := range cases {
		code, stdout, stderr := run(t, append([]string{"load", "--server", "http://127.0.0.1:1/fhir"}, append(c.args, out)...)...)
		if code != exitUsage || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line", c.args, code, stdout, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: %q does not say %q", c.args, stderr, w)
			}
		}
		if strings.Contains(stderr, "set-token-Pz8") {
			t.Errorf("%v: the secret is in %q", c.args, stderr)
		}
	}
}
