package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// Members whose HbA1c (or foot check) is overdue have none recorded in the
// window, by the independent checker, and their diabetes reviews in it did
// not happen: their metformin runs on as a repeat.
func TestOverdueObservations(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "overdue", Count: 25, Constraints: scenario.Constraints{AgeMin: 40, Has: []string{"type2_diabetes"}, OnMedicines: []string{"metformin"},
			Observations: []scenario.ObservationConstraint{{Observation: "hba1c", NotWithinDays: 456}, {Observation: "foot_check", NotWithinDays: 365}}}},
		{Name: "measured", Count: 10, Constraints: scenario.Constraints{AgeMin: 40, Has: []string{"type2_diabetes"},
			Observations: []scenario.ObservationConstraint{{Observation: "hba1c", WithinDays: 456}}}},
	}, Background: 20}
	generateChecked(t, sc)
}
