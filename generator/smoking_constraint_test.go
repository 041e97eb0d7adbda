package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// Members asked to be smokers, ex-smokers or never-smokers have that status
// recorded last, and pack-years asked for are what their record says, by
// the independent checker.
func TestSmokingConstraints(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "ex", Count: 15, Constraints: scenario.Constraints{AgeMin: 60, Smoking: "ex",
			Observations: []scenario.ObservationConstraint{{Observation: "pack_years", Min: ptr(40.0), Max: ptr(50.0)}}}},
		{Name: "current", Count: 15, Constraints: scenario.Constraints{AgeMin: 10, AgeMax: 40, Smoking: "current"}},
		{Name: "never", Count: 15, Constraints: scenario.Constraints{AgeMin: 50, Has: []string{"copd"}, Smoking: "never"}},
		{Name: "heavy", Count: 15, Constraints: scenario.Constraints{AgeMin: 45, Has: []string{"copd"},
			Observations: []scenario.ObservationConstraint{{Observation: "pack_years", Min: ptr(45.0), Max: ptr(45.0), WithinDays: 365}}}},
	}, Background: 20}
	p, b, _ := generateChecked(t, sc)
	for _, pt := range b.Patients {
		if pt.Cohort == "current" && pt.BirthDate > p.Opts.AsOf-16*365 {
			t.Errorf("a smoker born %s is under 16", pt.BirthDate)
		}
	}
}
