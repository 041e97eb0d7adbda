package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// A ward round's patients are in hospital at the as-of date (an admission
// runs to the end of their history); recently discharged patients left
// hospital within the window and are not in now.
func TestCurrentAndDischargedAdmissions(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "ward", Count: 30, Constraints: scenario.Constraints{AgeMin: 75,
			Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", AtLeast: 1, Current: true}}}},
		{Name: "discharged", Count: 30, Constraints: scenario.Constraints{AgeMin: 60,
			Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", AtLeast: 1, DischargedWithinDays: 14}}}},
	}, Background: 30}
	p, b, _ := generateChecked(t, sc)
	end := (p.Opts.AsOf + 1).Start() - 1
	inNow := map[string]bool{}
	for _, e := range b.Encounters {
		if e.Class == "IMP" && e.EndTime >= end {
			inNow[e.PatientID] = true
		}
	}
	counts := map[string]int{}
	for _, pt := range b.Patients {
		if inNow[pt.PatientID] {
			counts[pt.Cohort]++
		}
		if pt.Cohort == "ward" && pt.DeathDate != models.NoDate {
			t.Errorf("ward patient %d died", pt.PatientIndex)
		}
	}
	if counts["ward"] != 30 {
		t.Errorf("%d of 30 ward patients in hospital at the as-of date", counts["ward"])
	}
	if counts["discharged"] > 5 {
		t.Errorf("%d of 30 discharged patients are in hospital again", counts["discharged"])
	}
}

// A member asked to have been discharged who is in hospital to the end of
// the history with a stay of their own (no room for another) goes home on
// the morning of the as-of date. Before, such members (1 of 6 in a course
// author's Sheffield scenario; 240 and 255 of these 400) had no discharge.
func TestDischargedFromTheirOwnCurrentStay(t *testing.T) {
	c := scenario.Constraints{AgeMin: 70, Counts: []scenario.ConditionCount{{Of: []string{"copd", "heart_failure"}, AtLeast: 1, AtMost: 2}},
		Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", AtLeast: 1, DischargedWithinDays: 14}}}
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{{Name: "discharged", Count: 400, Constraints: c}}, Background: 1}
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc; o.AsOf = models.CivilDate(2025, 1, 15) })
	for _, i := range []int64{240, 255} {
		checkCohortMembers(t, sc, p, generateAll(t, p, i, i+1))
	}
}
