package scenario

import "testing"

func TestOverlapProblems(t *testing.T) {
	expectProblems(t, "overlap", `
cohorts:
  - name: a
    count: 10
    age: 40+
    overlap: true
    subgroups:
      - name: women
        count: 8
        sex: female
      - name: men
        count: 5
        sex: male
      - name: big
        count: 12
      - name: ckd young
        count: 2
        age: 40-49
        has: [dementia]
  - name: b
    count: 3
    overlap: true
  - name: c
    count: 5
    subgroups:
      - name: d
        count: 4
        overlap: true
`,
		want{"11:15: cohorts[0].subgroups[1].name", `subgroups "women" (line 8) and "men" overlap (overlap: true), but no patient can be in both: one is female, the other male`},
		want{"14:15: cohorts[0].subgroups[2].name", "the subgroup holds 12 patients but the cohort has only 10"},
		want{"19:15: cohorts[0].subgroups[3].has[0]", "dementia is diagnosed from age 50 in the model, so nobody aged 40-49 has it"},
		want{"22:5: cohorts[1].overlap", "the cohort has no subgroups"},
		want{"28:9: cohorts[2].subgroups[0].overlap", "overlap belongs to the cohort"})
	if ps := Check("t.yaml", []byte(`
cohorts:
  - name: a
    count: 10
    overlap: true
    subgroups:
      - {name: x, count: 8, has: [copd]}
      - {name: y, count: 8, has: [hypertension]}
`)); len(ps) != 0 {
		t.Errorf("overlapping counts over the cohort's are fine with overlap: %v", Problems(ps))
	}
}
