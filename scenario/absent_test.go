package scenario

import (
	"reflect"
	"testing"
)

func TestAbsenceAndClassesParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - name: a
    count: 5
    age: 40+
    has: [type2_diabetes]
    not_on: [statins]
    observations:
      - hba1c: {not_within: 15 months}
      - foot_check: {not_within: 12 months}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Cohorts[0]
	if !reflect.DeepEqual(c.NotOnMedicines, []string{"atorvastatin", "simvastatin"}) {
		t.Errorf("not_on statins: %v", c.NotOnMedicines)
	}
	want := []ObservationConstraint{{Observation: "hba1c", NotWithinDays: 456}, {Observation: "foot_check", NotWithinDays: 365}}
	if !reflect.DeepEqual(c.Observations, want) {
		t.Errorf("observations %+v", c.Observations)
	}
}

func TestAbsenceProblems(t *testing.T) {
	expectProblems(t, "absence", `
cohorts:
  - name: a
    count: 1
    age: 40+
    has: [type2_diabetes]
    on: [statins]
    observations:
      - hba1c: {not_within: 15 months, above: 50}
      - foot_check: {within: 12 months}
  - name: b
    count: 1
    age: 40+
    smoking: ex
    observations:
      - smoking_status: {not_within: 1 year}
    subgroups:
      - name: c
        count: 1
        observations:
          - smoking_status: {not_within: 2 years}
`,
		want{"7:10: cohorts[0].on[0]", "statin is a class of medicines; on takes one medicine, e.g. atorvastatin or simvastatin"},
		want{"9:17: cohorts[0].observations[0].hba1c.not_within", "not_within (no hba1c in a window) stands alone"},
		want{"10:9: cohorts[0].observations[1]", "foot_check is a coded finding"},
		want{"16:9: cohorts[1].observations[0]", "smoking (line 14) is the latest recorded status, recorded in the member's last year, so it cannot also be missing"},
		want{"21:13: cohorts[1].subgroups[0].observations[0]", "smoking (line 14) is the latest recorded status"})
	expectProblems(t, "absent and measured", `
cohorts:
  - name: a
    count: 1
    age: 40+
    has: [type2_diabetes]
    observations:
      - hba1c: {not_within: 15 months}
    subgroups:
      - name: b
        count: 1
        observations:
          - hba1c: {above: 60, within: 12 months}
`, want{"13:13: cohorts[0].subgroups[0].observations[0]", `"hba1c above 60 within 12 months" (line 13) and "hba1c not within 15 months" (line 8) cannot both hold`})
}
