package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = execute(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestBadInputGivesOneClearLineAndExit2(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	cases := []struct {
		args []string
		want string // part of the message naming the problem
	}{
		{[]string{"generate", "-n", "-5", "-o", out}, "--patients"},
		{[]string{"generate", "-n", "lots", "-o", out}, "patients"},
		{[]string{"generate", "--seed", "abc", "-o", out}, "seed"},
		{[]string{"generate", "--as-of", "2025-13-45", "-o", out}, "--as-of"},
		{[]string{"generate", "--as-of", "yesterday", "-o", out}, "YYYY-MM-DD"},
		{[]string{"generate", "--shard", "5/4", "-o", out}, "--shard"},
		{[]string{"generate", "--shard", "x", "-o", out}, "K/N"},
		{[]string{"generate", "--region", "atlantis", "-o", out}, "atlantis"},
		{[]string{"generate", "-f", "parquet,xml", "-o", out}, "xml"},
		{[]string{"generate", "--workers", "0", "-o", out}, "--workers"},
		{[]string{"generate", "--history", "-1", "-o", out}, "--history"},
		{[]string{"generate", "-n", "2000000", "-o", out}, "--nhs-numbers extended"},
		{[]string{"generate", "--nhs-numbers", "real", "-o", out}, "--nhs-numbers"},
		{[]string{"generate", "--bogus", "-o", out}, "bogus"},
		{[]string{"generate", "--as-of", "2010-01-01", "-o", out}, "before the history window"},
		{[]string{"generate", "--population-date", "2025-02-30", "-o", out}, "--population-date"},
		{[]string{"generate", "--as-of", "2026-01-01", "--horizon", "2025-12-31", "-o", out}, "move --horizon to 2026-01-01"},
		{[]string{"generate", "--since", "2025-12-01", "--as-of", "2026-01-01", "-o", out}, "needs --horizon"},
		{[]string{"generate", "--since", "2025-04-01", "--as-of", "2025-04-01", "-o", out}, "must be before --as-of"},
		{[]string{"generate", "--since", "2025-01-01", "-f", "openehr", "-o", out}, "openehr"},
		{[]string{"generate", "extra-arg", "-o", out}, "unknown command"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, exitUsage, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) != 1 || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: want one line naming %q, got %q", c.args, c.want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a rejected command created the output folder")
	}
}

func TestGenerateWritesDatasetAndSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, "generate", "-n", "200", "-o", out, "-f", "parquet,arrow")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("off a terminal stderr must stay quiet, got %q", stderr)
	}
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 1 || !strings.Contains(stdout, "200 patients") || !strings.Contains(stdout, "patients/s") {
		t.Errorf("want a one-line summary, got %q", stdout)
	}
	for _, p := range []string{"manifest.json", "parquet/patients", "parquet/observations", "arrow/encounters", "parquet/practices"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// A second run into the same folder is refused without --force.
	code, _, stderr = run(t, "generate", "-n", "10", "-o", out)
	if code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("re-run without --force: exit %d, %q", code, stderr)
	}
	if code, _, _ = run(t, "generate", "-n", "10", "-o", out, "--force", "-q"); code != 0 {
		t.Errorf("--force run failed: %d", code)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := run(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "cohortgen ") || !strings.Contains(stdout, "go1") {
		t.Fatalf("version: %d %q", code, stdout)
	}
}
