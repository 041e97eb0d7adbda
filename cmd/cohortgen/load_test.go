package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadBadInputIsExit2AtOnce: a server URL that does not parse or is not
// http(s), and a Parquet-only dataset, are usage errors: exit 2 at once with
// one line, and the dataset gets no checkpoint.
func TestLoadBadInputIsExit2AtOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "-n", "5", "-q", "-o", out); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	cases := []struct {
		server string
		want   []string
	}{
		{"http://[::1/fhir", []string{"http://[::1/fhir", "is not a URL"}},
		{"not-a-url", []string{"not-a-url", "http://"}},
		// A good URL on a port nothing listens on: the dataset is refused
		// before any request is tried.
		{"http://127.0.0.1:1/fhir", []string{"no FHIR output", "-f fhir-ndjson", "-f fhir-bundle"}},
	}
	for _, c := range cases {
		start := time.Now()
		code, stdout, stderr := run(t, "load", "--server", c.server, out)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitUsage || stdout != "" || len(lines) != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and one line", c.server, code, stdout, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: %q does not mention %q", c.server, stderr, w)
			}
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: took %v", c.server, took)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".load-state")); !os.IsNotExist(err) {
		t.Error("a refused load wrote a checkpoint")
	}
}
