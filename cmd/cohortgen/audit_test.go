package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/audit"
)

// auditDataset generates a small dataset once for the audit command tests.
func auditDataset(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "-n", "300", "-o", out, "-q"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	return out
}

func TestAuditPrintsTablesAndExitsOneOnHardFailures(t *testing.T) {
	out := auditDataset(t)
	code, stdout, stderr := run(t, "audit", out)
	if !strings.Contains(stdout, "HARD RULES") || !strings.Contains(stdout, "AUDIT RATES") || !strings.Contains(stdout, "300 patients") {
		t.Fatalf("want both tables for 300 patients, got:\n%s", stdout)
	}
	// Exit status follows the hard rules, whatever today's generator does.
	var buf bytes.Buffer
	err := runAudit(context.Background(), auditOptions{Dir: out, JSON: true, Examples: 1, Workers: 1}, &buf)
	var rep audit.Report
	if jerr := json.Unmarshal(buf.Bytes(), &rep); jerr != nil {
		t.Fatalf("--json output is not JSON: %v", jerr)
	}
	if failed := len(rep.HardFailures()); failed > 0 {
		if code != exitFailure || err == nil || !strings.Contains(stderr, "hard rule") {
			t.Errorf("%d hard rules broken: want exit 1 naming them, got %d %q", failed, code, stderr)
		}
	} else if code != exitOK || err != nil {
		t.Errorf("no hard rule broken: want exit 0, got %d %q", code, stderr)
	}
}

func TestAuditSelectedRulesShowExamples(t *testing.T) {
	out := auditDataset(t)
	var buf bytes.Buffer
	_ = runAudit(context.Background(), auditOptions{Dir: out, Examples: 2, Workers: 1,
		Rules: []string{"gp-visit-without-reason"}}, &buf)
	s := buf.String()
	if strings.Contains(s, "HARD RULES") || !strings.Contains(s, "gp-visit-without-reason") || !strings.Contains(s, "e.g. ") {
		t.Errorf("want only the selected audit rule, with examples:\n%s", s)
	}
	if strings.Contains(s, "insulin") {
		t.Errorf("a warning about an unselected rule was printed:\n%s", s)
	}
}

func TestAuditBadInputIsOneLineAndExitTwo(t *testing.T) {
	notDataset := t.TempDir()
	for _, args := range [][]string{
		{"audit", filepath.Join(notDataset, "missing")},
		{"audit", notDataset},
		{"audit"},
		{"audit", notDataset, "--rule", "no-such-rule"},
		{"audit", notDataset, "--examples", "-1"},
		{"audit", "a", "b"},
	} {
		code, _, stderr := run(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line", args, code, stderr)
		}
	}
	err := runAudit(context.Background(), auditOptions{Dir: notDataset, Examples: 1, Workers: 1}, &bytes.Buffer{})
	var ue usageError
	if !errors.As(err, &ue) {
		t.Errorf("not a dataset: want a usage error, got %v", err)
	}
}

func TestAuditList(t *testing.T) {
	code, stdout, _ := run(t, "audit", "--list")
	if code != 0 || !strings.Contains(stdout, "metformin-egfr-below-30") || strings.Count(stdout, "\n") < 30 {
		t.Errorf("--list: exit %d\n%s", code, stdout)
	}
}

func TestAuditRulesFile(t *testing.T) {
	out := auditDataset(t)
	dir := t.TempDir()
	questions := filepath.Join(dir, "questions.yaml")
	doc := `rules:
  - id: metformin-egfr-below-45
    title: Patients on metformin whose latest eGFR is below 45
    kind: drug_when_observation
    severity: audit
    drug: {medicines: [metformin]}
    observation: {key: egfr, below: 45, within_days: 365}
    source: {ref: NICE NG28, says: "Review the dose of metformin if the eGFR is below 45.", status: verified}
`
	if err := os.WriteFile(questions, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "audit", out, "--rules-file", questions)
	if code != 0 || !strings.Contains(stdout, "metformin-egfr-below-45") || strings.Contains(stdout, "dual-raas") {
		t.Errorf("exit %d %q\n%s", code, stderr, stdout)
	}
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte(strings.Replace(doc, "metformin]", "metformine]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "audit", out, "--rules-file", broken)
	if code != exitUsage || !strings.Contains(stderr, "metformine") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("broken rules file: exit %d %q", code, stderr)
	}
}
