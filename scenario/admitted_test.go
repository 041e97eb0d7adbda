package scenario

import "testing"

func TestAdmissionStateParse(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
cohorts:
  - name: ward
    count: 5
    encounters:
      - inpatient: {current: true}
      - inpatient: {discharged_within: 2 weeks, class: IMP}
`))
	if err != nil {
		t.Fatal(err)
	}
	e := sc.Cohorts[0].Encounters
	if len(e) != 2 || !e[0].Current || e[0].DischargedWithinDays != 0 || e[1].Current || e[1].DischargedWithinDays != 14 {
		t.Fatalf("encounters %+v", e)
	}
}

func TestAdmissionStateProblems(t *testing.T) {
	expectProblems(t, "admission state", `
cohorts:
  - name: a
    count: 1
    encounters:
      - ae: {current: true}
      - inpatient: {current: true, discharged_within: 7 days}
      - inpatient: {class: SS, current: true}
      - inpatient: {current: true, at_least: 2}
  - name: b
    count: 1
    died_within: 30 days
    encounters:
      - inpatient: {current: true}
`,
		want{"6:14: cohorts[0].encounters[0].ae.current", "only inpatient encounters (admissions) are current or discharged; this one is ae"},
		want{"7:36: cohorts[0].encounters[1].inpatient.discharged_within", "give either current"},
		want{"8:32: cohorts[0].encounters[2].inpatient.current", "a day case (class SS) goes home the same day"},
		want{"9:30: cohorts[0].encounters[3].inpatient.current", "current takes at_least 1"},
		want{"14:9: cohorts[1].encounters[0]", "current: true (in hospital at the as-of date) contradicts died_within (line 12)"})
}
