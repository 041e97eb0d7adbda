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

// TestDiagnosingReadingCrossesTheThreshold: a GP read 99 of 432 new
// hypertension diagnoses made at a systolic below 140 and 46 of 215 new CKD
// at an eGFR of 60 or more. The defining measurement read at the visit that
// diagnoses a condition is past its threshold (diagnosingReading).
func TestDiagnosingReadingCrossesTheThreshold(t *testing.T) {
	r := pathwayPopulation(t)
	checked := 0
	for _, c := range r.p.Cat.Conditions {
		def := c.DefinedBy
		if def == nil {
			continue
		}
		code := r.snomed(def.Observation)
		for i := range r.b.Conditions {
			cd := &r.b.Conditions[i]
			if cd.ConditionKey != c.Key || cd.DiagnosisEncounterID == "" || cd.OnsetDate < r.p.windowStart {
				continue
			}
			for _, o := range r.obsByEnc[cd.DiagnosisEncounterID] {
				if o.SnomedCode != code || o.Value == nil {
					continue
				}
				checked++
				if v := *o.Value; def.AtLeast != nil && v < *def.AtLeast || def.Below != nil && v >= *def.Below {
					t.Errorf("%s diagnosed at %s %.1f", c.Key, def.Observation, v)
				}
			}
		}
	}
	if checked < 200 {
		t.Errorf("only %d diagnosing readings", checked)
	}
}
