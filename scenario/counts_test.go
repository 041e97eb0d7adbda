package scenario

import "testing"

func TestConditionCountsParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - name: multimorbid
    count: 10
    age: 75+
    has_count: {of: [hypertension, atrial fibrillation, ckd, heart failure], at_least: 3}
    has_any: [copd, asthma]
    subgroups:
      - name: few
        count: 2
        has_count: {of: [dementia, osteoporosis], at_most: 0}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Cohorts[0].Counts
	if len(c) != 2 || c[0].AtLeast != 3 || c[0].AtMost != 4 || c[0].Of[1] != "atrial_fibrillation" || c[0].Of[3] != "heart_failure" ||
		c[1].AtLeast != 1 || c[1].AtMost != 2 || c[1].Of[0] != "copd" {
		t.Fatalf("counts %+v", c)
	}
	if s := sc.Cohorts[0].Subgroups[0].Counts; len(s) != 1 || s[0].AtLeast != 0 || s[0].AtMost != 0 {
		t.Fatalf("subgroup counts %+v", s)
	}
}

func TestConditionCountProblems(t *testing.T) {
	expectProblems(t, "counts", `
cohorts:
  - name: a
    count: 1
    age: 20-30
    has: [hypertension]
    has_not: [asthma]
    has_count: {of: [hypertension, asthma, copd, dementia], at_least: 1}
  - name: b
    count: 1
    has_count: {of: [copd, ckd], at_least: 2, at_most: 1}
  - name: c
    count: 1
    has_count: {of: [copd, ckd]}
  - name: c2
    count: 1
    age: 60+
    has: [copd, ckd]
    has_count: {of: [copd, ckd, asthma], at_most: 1}
  - name: d
    count: 1
    has_count: {of: [type1_diabetes, type2_diabetes], at_least: 2}
  - name: e
    count: 1
    has_any: [copd]
    has_count: {of: [ckd, copd], at_least: 1}
  - name: f
    count: 1
    age: 20-30
    has_count: {of: [copd, dementia], at_least: 1}
`,
		want{"8:36: cohorts[0].has_count.of[1]", "asthma is in has_not (line 7), so it never counts"},
		want{"11:56: cohorts[1].has_count.at_most", "at_most 1 is below at_least 2 (line 11)"},
		want{"14:16: cohorts[2].has_count", "say how many of the 2 conditions"},
		want{"19:16: cohorts[3].has_count", "at most 1 of the list cannot hold: has requires copd and ckd, which are in it"},
		want{"22:16: cohorts[4].has_count", "at least 2 of type1_diabetes and type2_diabetes cannot hold: a patient of any age can have at most 1 of them together"},
		want{"26:27: cohorts[5].has_count.of[1]", "copd is counted twice (first on line 25)"},
		want{"30:16: cohorts[6].has_count", "at least 1 of copd and dementia cannot hold: a patient aged 20-30 can have at most 0 of them together"})
}
