package scenario

import (
	"slices"
	"testing"
)

func TestStateConstraintsParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - {name: a, count: 1, ckd_stage: G3b}
  - {name: b, count: 1, ckd_stage: 4+}
  - {name: c, count: 1, ckd_stage: [stage 3], age: 60+}
  - {name: d, count: 1, insulin_treated: true, age: 20-60}
  - {name: e, count: 1, age: 75+, medicines_count: {at_least: 6}}
  - {name: f, count: 1, age: 70+, medicines_count: 5, encounters: [{gp: {at_most: 1, within: 1 year}}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Cohorts
	if !slices.Equal(c[0].CKDStages, []string{"3b"}) || !slices.Contains(c[0].Has, CKDCondition) {
		t.Errorf("ckd_stage G3b: %v, has %v", c[0].CKDStages, c[0].Has)
	}
	if !slices.Equal(c[1].CKDStages, []string{"4", "5"}) || !slices.Equal(c[2].CKDStages, []string{"3a", "3b"}) {
		t.Errorf("ckd_stage 4+ %v, stage 3 %v", c[1].CKDStages, c[2].CKDStages)
	}
	if !c[3].InsulinTreated || len(c[3].OnMedicines) != 1 || c[3].OnMedicines[0] != "insulin_glargine" {
		t.Errorf("insulin_treated: %v on %v", c[3].InsulinTreated, c[3].OnMedicines)
	}
	if c[4].MinRepeatMedicines != 6 || c[5].MinRepeatMedicines != 5 {
		t.Errorf("medicines_count %d, %d", c[4].MinRepeatMedicines, c[5].MinRepeatMedicines)
	}
	e := c[5].Encounters
	if len(e) != 1 || e[0].AtMost == nil || *e[0].AtMost != 1 || e[0].AtLeast != 0 || e[0].WithinDays != 365 {
		t.Errorf("gp at_most: %+v", e)
	}
}

func TestStateConstraintProblems(t *testing.T) {
	expectProblems(t, "state", `
cohorts:
  - {name: a, count: 1, ckd_stage: G7}
  - {name: b, count: 1, ckd_stage: [G3a, G4]}
  - {name: c, count: 1, insulin_treated: false}
  - {name: d, count: 1, insulin_treated: true, not_on: [insulin]}
  - {name: e, count: 1, age: 1-5, medicines_count: 8}
  - {name: f, count: 1, medicines_count: {at_most: 3}}
  - {name: g, count: 1, encounters: [{ae: {at_most: 1}}]}
  - {name: h, count: 1, encounters: [{gp: {at_most: 1, at_least: 1}}]}
  - {name: i, count: 1, age: 40+, observations: [{bmi: {within: 1 year}}], encounters: [{gp: {at_most: 0, within: 1 year}}]}
  - {name: j, count: 1, age: 1-5, insulin_treated: true, has_not: [type1_diabetes]}
`,
		want{"3:36: cohorts[0].ckd_stage[0]", `unknown CKD stage "G7": the model codes stages G3a, G3b, G4 or G5`},
		want{"4:36: cohorts[1].ckd_stage", "the stages must be neighbours"},
		want{"5:42: cohorts[2].insulin_treated", "write not_on: [insulin]"},
		want{"6:42: cohorts[3].insulin_treated", "insulin_treated contradicts not_on insulin_aspart (line 6)"},
		want{"7:52: cohorts[4].medicines_count", "on 8 or more repeat medicines cannot hold: the model's pathways give a patient aged 1-5 at most"},
		want{"8:52: cohorts[5].medicines_count.at_most", "medicines_count takes at_least only"},
		want{"9:53: cohorts[6].encounters[0].ae.at_most", "at_most is for gp encounters"},
		want{"10:53: cohorts[7].encounters[0].gp.at_most", "at_most stands alone"},
		want{"11:51: cohorts[8].observations[0]", "bmi within 1 year is required, but GP contacts are capped (at_most, line 11)"},
		want{"12:52: cohorts[9].insulin_treated", "the model prescribes insulin_glargine only for type2_diabetes or type1_diabetes, but type1_diabetes is in has_not and nobody aged 1-5 can have type2_diabetes"})
}
