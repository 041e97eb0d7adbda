package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// Newly diagnosed members were first diagnosed in the window, by the
// independent checker, with their record coherent around it.
func TestNewlyDiagnosed(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "new diabetes", Count: 25, Constraints: scenario.Constraints{AgeMin: 40, Has: []string{"type2_diabetes"},
			Diagnosed: []scenario.Diagnosis{{Condition: "type2_diabetes", WithinDays: 183}}}},
		{Name: "new AF", Count: 15, Constraints: scenario.Constraints{AgeMin: 65, Has: []string{"atrial_fibrillation"}, OnMedicines: []string{"apixaban"},
			Diagnosed: []scenario.Diagnosis{{Condition: "atrial_fibrillation", WithinDays: 365}}}},
	}, Background: 20}
	generateChecked(t, sc)
}
