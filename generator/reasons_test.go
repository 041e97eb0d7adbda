package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// Encounters with a reason are for that reason: a presentation (a new
// episode, written as a problem) or a condition the member has.
func TestEncounterReasons(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "hypo", Count: 15, Constraints: scenario.Constraints{AgeMin: 20, AgeMax: 60, Has: []string{"type1_diabetes"},
			Encounters: []scenario.EncounterConstraint{{Setting: "ae", AtLeast: 1, WithinDays: 90, Reason: "hypoglycaemia"}}}},
		{Name: "falls", Count: 15, Constraints: scenario.Constraints{AgeMin: 80,
			Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", AtLeast: 1, Current: true, Reason: "hip_fracture"}}}},
		{Name: "hf clinic", Count: 15, Constraints: scenario.Constraints{AgeMin: 60, Has: []string{"heart_failure"},
			Encounters: []scenario.EncounterConstraint{{Setting: "outpatient", AtLeast: 2, WithinDays: 365, Reason: "heart_failure"}}}},
		{Name: "exacerbation", Count: 15, Constraints: scenario.Constraints{AgeMin: 50, Has: []string{"copd"},
			Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", AtLeast: 1, WithinDays: 180, Reason: "copd_exacerbation"},
				{Setting: "gp", AtLeast: 1, WithinDays: 180, Reason: "copd_exacerbation"}}}},
	}, Background: 20}
	generateChecked(t, sc)
}
