package scenario

import (
	"strings"
	"testing"
)

// A misspelled condition is reported once: the observation that needs it
// does not also ask for it to be added to has, where it already is.
func TestMisspelledConditionIsReportedOnce(t *testing.T) {
	expectProblems(t, "misspelled has", `
cohorts:
  - name: a
    count: 5
    age: 40+
    has: [type2_diabetis]
    observations:
      - hba1c: {above: 75, within: 12 months}
`, want{"6:11: cohorts[0].has[0]", `unknown condition "type2_diabetis" (did you mean "type2_diabetes"?)`})
	// The same observation without any has still gets the advice.
	expectProblems(t, "no has", `
cohorts:
  - name: a
    count: 5
    age: 40+
    observations:
      - hba1c: {above: 75, within: 12 months}
`, want{"7:9: cohorts[0].observations[0]", "add one of type2_diabetes or type1_diabetes to has"})
}

// An unknown key says where it is unknown and lists the keys valid there;
// it suggests another key only when that key is a typo away.
func TestUnknownKeysListTheValidOnes(t *testing.T) {
	ps := Check("t.yaml", []byte(`
population:
  size: 10
  sise: 3
cohorts:
  - name: a
    count: 5
    occupation: miner
    has_some: [copd]
`))
	if len(ps) != 3 {
		t.Fatalf("want 3 problems, got %v", Problems(ps))
	}
	for i, w := range []struct{ field, suggestion, takes string }{
		{"sise", `(did you mean "size"?)`, "in population the fields are size, seed, as_of"},
		{"occupation", "", "in a cohort the fields are name, count, age, sex"},
		{"has_some", "", "in a cohort the fields are name, count, age, sex"},
	} {
		msg := ps[i].Message
		if !strings.HasPrefix(msg, `unknown field "`+w.field+`"`) || !strings.Contains(msg, w.takes) {
			t.Errorf("problem %d: %s", i, msg)
		}
		if got := strings.Contains(msg, "did you mean"); got != (w.suggestion != "") || !strings.Contains(msg, w.suggestion) {
			t.Errorf("problem %d: suggestion %q wanted, got %s", i, w.suggestion, msg)
		}
	}
}

// Independent problems are reported independently: a medicine nobody of
// the ages can be on is reported even when a condition in has is also
// impossible at those ages.
func TestMedicineProblemIsReportedBesideAConditionProblem(t *testing.T) {
	expectProblems(t, "both", `
cohorts:
  - name: a
    count: 5
    age: 10-15
    has: [copd]
    on: [atorvastatin]
`,
		want{"6:11: cohorts[0].has[0]", "copd is diagnosed from age 40 in the model, so nobody aged 10-15 has it"},
		want{"7:10: cohorts[0].on[0]", "the model prescribes atorvastatin only for"})
}

// When the model narrows what was asked (CKD only from 25), check warns and
// says why; the file stays valid.
func TestNarrowedAgesAreWarned(t *testing.T) {
	src := []byte(`
population: {size: 10}
cohorts:
  - name: a
    count: 5
    age: 18-30
    has: [ckd]
  - name: b
    count: 5
    age: 30-60
    has: [ckd]
  - name: c
    count: 5
    age: 18-40
    on: [metformin]
`)
	if ps := Check("t.yaml", src); len(ps) != 0 {
		t.Fatalf("a narrowed cohort is valid, got %v", Problems(ps))
	}
	ws := Warnings("t.yaml", src)
	if len(ws) != 2 {
		t.Fatalf("want two warnings (cohorts a and c), got %v", Problems(ws))
	}
	if want := "t.yaml:15:10: cohorts[2].on[0]: warning: the members will be aged 25-40, not 18-40: the model prescribes metformin only for type2_diabetes, and diagnoses type2_diabetes from age 25"; ws[1].String() != want {
		t.Errorf("got  %s\nwant %s", ws[1], want)
	}
	want := "t.yaml:7:11: cohorts[0].has[0]: warning: the members will be aged 25-30, not 18-30: the model diagnoses ckd from age 25"
	if ws[0].String() != want || !ws[0].Warning {
		t.Errorf("got  %s\nwant %s", ws[0], want)
	}
	for _, name := range Builtin() {
		src, _ := BuiltinSource(name)
		for _, w := range Warnings(name, src) {
			t.Errorf("built-in %s: %v", name, w)
		}
	}
}
