package scenario

import (
	"reflect"
	"testing"
)

func TestSmokingAndEthnicityParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - name: a
    count: 5
    age: 50+
    smoking: Ex
    ethnicity: [Pakistani, Black]
    observations:
      - pack_years: {min: 40}
personas:
  - name: Len Hart
    age: 70
    sex: male
    smoking: current
    ethnicity: White - Irish
    observations:
      - pack_years: {min: 45, max: 45}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Cohorts[0]
	if c.Smoking != "ex" || !reflect.DeepEqual(c.Ethnicity, []string{"J", "M", "N", "P"}) {
		t.Fatalf("smoking %q, ethnicity %v", c.Smoking, c.Ethnicity)
	}
	if p := sc.Personas[0]; p.Smoking != "current" || !reflect.DeepEqual(p.Ethnicity, []string{"B"}) {
		t.Fatalf("persona smoking %q, ethnicity %v", p.Smoking, p.Ethnicity)
	}
}

func TestSmokingAndEthnicityProblems(t *testing.T) {
	expectProblems(t, "smoking", `
cohorts:
  - name: a
    count: 1
    smoking: sometimes
    ethnicity: Martian
  - name: b
    count: 1
    age: 5-12
    smoking: current
  - name: c
    count: 1
    smoking: never
    observations:
      - pack_years: {above: 10}
  - name: d
    count: 1
    ethnicity: Asian
    subgroups:
      - name: e
        count: 1
        ethnicity: African
`,
		want{"5:14: cohorts[0].smoking", `want never, current or ex, got "sometimes"`},
		want{"6:16: cohorts[0].ethnicity[0]", `unknown ethnicity "Martian"`},
		want{"10:14: cohorts[1].smoking", "the model gives a smoking history from age 16, but the patients here are 5-12"},
		want{"15:9: cohorts[2].observations[0]", "pack-years above 0 belong to smokers and ex-smokers, but smoking is never (line 13)"},
		want{"22:20: cohorts[3].subgroups[0].ethnicity", "the subgroup's ethnicity shares no category with the cohort's (line 18)"})
	ws := Warnings("t.yaml", []byte("cohorts: [{name: a, count: 1, age: 10-30, smoking: ex}]\n"))
	if len(ws) != 1 || ws[0].Message != "the members will be aged 16-30, not 10-30: the model gives a smoking history from age 16" {
		t.Errorf("warnings %v", Problems(ws))
	}
}
