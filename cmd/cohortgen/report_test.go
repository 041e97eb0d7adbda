package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: report writes DIR.html by default and -o FILE
// otherwise; a folder that is not a dataset, an -o that is not HTML, or an
// -o holding someone else's file is refused with exit 2 and one line, the
// file left as it was.
func TestReportCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a dataset")
	}
	dir := t.TempDir()
	ds := filepath.Join(dir, "ds")
	if code, _, stderr := run(t, "generate", "-n", "300", "-o", ds, "-q"); code != exitOK {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := run(t, "report", ds)
	if code != exitOK || !strings.Contains(stdout, "wrote "+ds+".html") {
		t.Fatalf("report: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if b, err := os.ReadFile(ds + ".html"); err != nil || !strings.Contains(string(b), "<svg") {
		t.Fatalf("no report with charts at %s.html (%v)", ds, err)
	}
	notes := filepath.Join(dir, "notes.html")
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"report", dir}, // not a dataset
		{"report", ds, "-o", filepath.Join(dir, "r.txt")}, // not HTML
		{"report", ds, "-o", notes},                       // someone else's file
	} {
		code, _, stderr := run(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line", args, code, stderr, exitUsage)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "mine" {
		t.Errorf("someone else's file changed: %q", b)
	}
}
