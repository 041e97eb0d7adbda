package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// stateScenario uses each newer construct: a count of repeat medicines, CKD
// stages, insulin treatment and a cap on GP contacts, with a twin cohort
// without the cap to show it binds.
const stateScenario = `
population: {size: 20, seed: 5}
cohorts:
  - {name: polypharmacy, count: 30, age: 75+, medicines_count: {at_least: 7}}
  - {name: middle-aged, count: 20, age: 40-60, has: [hypertension], medicines_count: 4}
  - {name: ckd 3b, count: 20, ckd_stage: G3b}
  - {name: ckd 4, count: 20, ckd_stage: G4}
  - {name: ckd 4-5, count: 10, ckd_stage: 4+}
  - {name: insulin, count: 15, age: 30-70, insulin_treated: true}
  - name: seldom seen
    count: 30
    age: 70+
    has: [hypertension]
    encounters: [{gp: {at_most: 1, within: 1 year}}]
  - {name: not seen, count: 20, age: 70+, has: [type2_diabetes], encounters: [{gp: {at_most: 0, within: 6 months}}]}
  - {name: usual, count: 30, age: 70+, has: [hypertension]}
`

func TestStateConstraints(t *testing.T) {
	sc, err := scenario.Parse("state.yaml", []byte(stateScenario))
	if err != nil {
		t.Fatal(err)
	}
	p, b, got := generateChecked(t, sc)
	for _, c := range sc.Cohorts {
		if got[c.Name] != c.Count {
			t.Errorf("%s: %d members, want %d", c.Name, got[c.Name], c.Count)
		}
	}
	// The members' own prescribing goes on: their counts vary, above the
	// least asked for.
	counts := map[int]int{}
	gp := 0
	egfr := p.obsCodes[p.slots.egfr].Snomed
	for _, r := range records(b, p.Practices()) {
		// The coded stage has the kidney function behind it: the latest
		// eGFR lies in the stage's range, give or take two visit spreads.
		if r.Patient.Cohort == "ckd 4" || r.Patient.Cohort == "ckd 3b" {
			lo, hi := 15.0, 30.0
			if r.Patient.Cohort == "ckd 3b" {
				lo, hi = 30, 45
			}
			var latest *float64
			for _, o := range r.Observations {
				if o.SnomedCode == egfr {
					latest = o.Value
				}
			}
			if latest == nil || *latest < lo-8 || *latest >= hi+8 {
				t.Errorf("%s member %d: latest eGFR %v", r.Patient.Cohort, r.Patient.PatientIndex, latest)
			}
		}
		switch r.Patient.Cohort {
		case "polypharmacy":
			counts[scenario.RepeatMedicinesOn(r, p.Opts.AsOf)]++
		case "usual":
			for _, e := range r.Encounters {
				if e.Setting == settingGP && e.StartTime.Date() > p.Opts.AsOf-365 {
					gp++
				}
			}
		}
	}
	if len(counts) < 2 {
		t.Errorf("every polypharmacy member is on the same number of repeat medicines: %v", counts)
	}
	// Without the cap, the same people see their GP more than once a year
	// on average: the cap is what holds the capped cohort's contacts.
	if gp <= 30 {
		t.Errorf("the uncapped twin cohort had %d GP contacts in the year, no more than the cap would allow", gp)
	}
}
