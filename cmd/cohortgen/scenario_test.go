package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

func writeFile(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScenarioCheckGoodFile(t *testing.T) {
	p := writeFile(t, "clinic.yaml", `
population: {size: 100, town: Leeds}
cohorts:
  - name: clinic
    count: 12
    age: 65+
    has: [type2_diabetes]
    subgroups:
      - {name: high, count: 4, observations: [{hba1c: {above: 75, within: 12 months}}]}
personas:
  - {name: Ann Lee, age: 70, sex: female, conditions: [type2_diabetes]}
`)
	code, stdout, stderr := run(t, "scenario", "check", p)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := p + ": ok: 1 cohort, 113 patients (12 in cohorts, 1 persona, 100 background)\n"
	if stdout != want {
		t.Errorf("got %q, want %q", stdout, want)
	}
}

func TestScenarioCheckPrintsEveryProblemAndExits2(t *testing.T) {
	bad := writeFile(t, "bad.yaml", `cohorts:
  - name: kids
    count: 5
    age: 10
    has: [dementia, diabetis]
    has_not: [dementia]
`)
	good := writeFile(t, "good.yaml", "population: {size: 10}\n")
	broken := writeFile(t, "broken.yaml", "population: {size: 10\n")
	code, stdout, stderr := run(t, "scenario", "check", bad, good, broken, filepath.Join(t.TempDir(), "missing.yaml"))
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := []string{
		bad + ":5:11: cohorts[0].has[0]: dementia is diagnosed from age 50 in the model, so nobody aged 10 has it",
		bad + `:5:21: cohorts[0].has[1]: unknown condition "diabetis" (did you mean "type2_diabetes" or "type1_diabetes"?)`,
		bad + ":6:15: cohorts[0].has_not[0]: dementia is in both has (line 5) and has_not (line 6): a patient cannot both have and not have Dementia",
		good + ": ok: 0 cohorts, 10 patients (0 in cohorts, 0 personas, 10 background)",
		broken + ":1:14: YAML syntax error: did not find expected ',' or '}'",
		"missing.yaml: no such file",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) && !strings.Contains(lines[i], want[i]) {
			t.Errorf("line %d:\n got  %s\n want %s", i, lines[i], want[i])
		}
	}
	if strings.TrimSpace(stderr) != "cohortgen: error: 5 problems in 3 files" {
		t.Errorf("stderr %q", stderr)
	}
}

func TestScenarioCheckAcceptsBuiltinNames(t *testing.T) {
	code, stdout, _ := run(t, append([]string{"scenario", "check"}, scenario.Builtin()...)...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	if n := strings.Count(stdout, ": ok: "); n != len(scenario.Builtin()) {
		t.Errorf("want one ok line per built-in, got:\n%s", stdout)
	}
	if !strings.Contains(stdout, "diabetes-clinic: ok: 1 cohort, 2042 patients") {
		t.Errorf("diabetes-clinic summary missing:\n%s", stdout)
	}
}

func TestScenarioListAndShow(t *testing.T) {
	code, stdout, _ := run(t, "scenario", "list")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(scenario.Builtin()) || len(lines) < 8 {
		t.Fatalf("want one line per built-in (at least 8), got:\n%s", stdout)
	}
	for i, name := range scenario.Builtin() {
		fields := strings.Fields(lines[i])
		if fields[0] != name || len(fields) < 4 {
			t.Errorf("line %q: want the name %s and a description", lines[i], name)
		}
	}
	code, stdout, _ = run(t, "scenario", "show", "diabetes-clinic")
	src, _ := scenario.BuiltinSource("diabetes-clinic")
	if code != 0 || stdout != string(src) {
		t.Errorf("show: exit %d, output differs from the embedded source", code)
	}
	// What show prints is a valid starting point for an author's own file.
	p := writeFile(t, "mine.yaml", stdout)
	if code, out, _ := run(t, "scenario", "check", p); code != 0 {
		t.Errorf("the shown source does not check: %s", out)
	}
}

func TestScenarioUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"scenario", "show", "diabets"}, `did you mean "diabetes-clinic"?`},
		{[]string{"scenario", "show"}, "accepts 1 arg"},
		{[]string{"scenario", "check"}, "requires at least 1 arg"},
		{[]string{"scenario", "list", "x"}, "unknown command"},
		{[]string{"scenario", "frobnicate"}, "unknown command"},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming %q", c.args, code, stderr, c.want)
		}
	}
}
