package scenario

import (
	"reflect"
	"testing"
)

func TestDiagnosedWithinParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - name: a
    count: 5
    age: 40+
    has: [hypertension]
    diagnosed_within: {type 2 diabetes: 6 months, hypertension: 1 year}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Cohorts[0]
	if !reflect.DeepEqual(c.Has, []string{"hypertension", "type2_diabetes"}) ||
		!reflect.DeepEqual(c.Diagnosed, []Diagnosis{{"type2_diabetes", 183}, {"hypertension", 365}}) {
		t.Fatalf("has %v, diagnosed %+v", c.Has, c.Diagnosed)
	}
}

func TestDiagnosedWithinProblems(t *testing.T) {
	expectProblems(t, "diagnosed", `
cohorts:
  - name: a
    count: 1
    age: 10-20
    has_not: [copd]
    diagnosed_within: {copd: 6 months, diabetis: 1 year, asthma: 0 days}
  - name: b
    count: 1
    diagnosed_within: [copd]
`,
		want{"7:24: cohorts[0].diagnosed_within.copd", "copd is in both has (line 7) and has_not (line 6)"},
		want{"7:24: cohorts[0].diagnosed_within.copd", "copd is diagnosed from age 40 in the model, so nobody aged 10-20 has it"},
		want{"7:40: cohorts[0].diagnosed_within.diabetis", `unknown condition "diabetis"`},
		want{"7:66: cohorts[0].diagnosed_within.asthma", "a duration must be at least 1 day"},
		want{"10:23: cohorts[1].diagnosed_within", "diagnosed_within must be a mapping of condition: duration"})
}
