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

// TestNoEmptyGPAppointments: a GP read 22,921 check-ups with no reason that
// recorded nothing (20,484 on 5,000 patients, 4,000 of them children's). An
// adult's check-up without a reason is a blood pressure check at least; a
// child's empty appointment is about a problem (childCheckups). Then 584
// were left (30,000 patients, seed 5): home visits in end-of-life care with
// no reason (now about the condition the person is dying of), and
// check-ups of 18-year-olds taken for children's (the age on the day now
// decides). None may be left, but for an adult's telephone contact: with
// nothing to see and no blood pressure due it is an administrative query
// by telephone, where nothing is examined or coded (twelfth review,
// nothingToSee).
func TestNoEmptyGPAppointments(t *testing.T) {
	r := pathwayPopulation(t)
	used := r.encountersWithRecords()
	phone := r.p.encTypes[encGPTelephone].Code
	gp, empty := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP {
			continue
		}
		gp++
		if e.TypeCode == phone && ageOnDay(r.patients[e.PatientID], e.StartTime.Date()) >= 18 {
			continue
		}
		if e.ReasonConditionID == "" && !used[e.EncounterID] {
			empty++
		}
	}
	t.Logf("%d GP appointments, %d with no reason and nothing recorded", gp, empty)
	if gp < 10000 || empty > 0 {
		t.Errorf("%d GP appointments, %d with no reason and nothing recorded; want none", gp, empty)
	}
}
