package scenario

import "testing"

func TestEncounterReasonParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - name: a
    count: 5
    age: 20-60
    has: [type 1 diabetes, heart failure]
    encounters:
      - ae: {reason: Hypoglycaemia, within: 90 days}
      - outpatient: {reason: heart failure}
`))
	if err != nil {
		t.Fatal(err)
	}
	e := sc.Cohorts[0].Encounters
	if e[0].Reason != "hypoglycaemia" || e[1].Reason != "heart_failure" {
		t.Fatalf("reasons %+v", e)
	}
}

func TestEncounterReasonProblems(t *testing.T) {
	expectProblems(t, "reasons", `
cohorts:
  - name: a
    count: 1
    age: 40+
    sex: male
    has: [type2_diabetes]
    encounters:
      - ae: {reason: hypoglycemia}
      - ae: {reason: hypoglycaemia}
      - outpatient: {reason: heart_failure}
      - gp: {reason: hip_fracture}
      - gp: {reason: menorrhagia}
      - ae: {reason: bronchiolitis}
      - ae: {reason: nonsense}
`,
		want{"9:22: cohorts[0].encounters[0].ae.reason", `unknown reason "hypoglycemia" (did you mean "hypoglycaemia"?)`},
		want{"10:9: cohorts[0].encounters[1]", "the model gives hypoglycaemia only to patients with type1_diabetes: add type1_diabetes to has"},
		want{"11:9: cohorts[0].encounters[2]", "an encounter for heart_failure needs the condition: add heart_failure to has"},
		want{"12:9: cohorts[0].encounters[3]", "the model never gives hip_fracture as the reason for gp encounters (it does in inpatient)"},
		want{"13:9: cohorts[0].encounters[4]", "the model gives menorrhagia only to female patients, but the patients here are male"},
		want{"14:9: cohorts[0].encounters[5]", "the model gives bronchiolitis at ages 0-1, but the patients here are 40+"},
		want{"15:22: cohorts[0].encounters[6].ae.reason", `unknown reason "nonsense" (reasons: a condition, or one of the presentations`})
}
