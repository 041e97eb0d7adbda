package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyChecksADeltaAgainstItsBase: verify --base accepts a delta with
// the dataset it was made for, and names the difference for another.
func TestVerifyChecksADeltaAgainstItsBase(t *testing.T) {
	dir := t.TempDir()
	gen := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		args = append([]string{"generate", "-n", "40", "-q", "--horizon", "2026-01-01", "-o", out}, args...)
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	base := gen("base", "-s", "4")
	other := gen("other", "-s", "5")
	delta := gen("delta", "-s", "4", "--since", "2025-03-31", "--as-of", "2025-05-01")
	if code, stdout, stderr := run(t, "verify", delta, "--base", base); code != 0 || !strings.Contains(stdout, "is a delta for") {
		t.Fatalf("its own base: exit %d, %q %q", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "verify", delta, "--base", other); code != 1 || !strings.Contains(stderr, "seed") {
		t.Fatalf("another seed's base: exit %d, %q", code, stderr)
	}
	if code, _, stderr := run(t, "verify", delta, "--base", filepath.Join(dir, "none")); code != exitUsage {
		t.Fatalf("a base that is not there: exit %d, %q", code, stderr)
	}
}
