package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestClinicAttendancesPerProblem: a clinic sees a problem at most once a
// day, and a referred acute problem has no more attendances than the
// catalogue's cap (activity.outpatient_referral attendances_max), but for a
// few that another pathway also books. Before the cap a frequent attender's
// every clinic visit went to the problem the clinic had last seen: a two-day
// chest pain was followed up 28 times, and 7.5% of problems had more than 6.
func TestClinicAttendancesPerProblem(t *testing.T) {
	p := testPlan(t, 8000, nil)
	b := generateAll(t, p, 0, 8000)
	acute, chestPain := map[string]bool{}, map[string]bool{}
	for _, c := range b.Conditions {
		if !c.Chronic {
			acute[c.ConditionID] = true
		}
		if c.ConditionKey == "chest_pain" {
			chestPain[c.ConditionID] = true
		}
	}
	type dayReason struct {
		day    models.Date
		reason string
	}
	sameDay := map[dayReason]int{}
	visits := map[string]int{}
	for _, e := range b.Encounters {
		if e.Setting != settingOutpatient || e.ReasonConditionID == "" {
			continue
		}
		k := dayReason{e.StartTime.Date(), e.ReasonConditionID}
		if sameDay[k]++; sameDay[k] == 2 {
			t.Errorf("problem %s seen twice in clinic on %s", e.ReasonConditionID, k.day)
		}
		if acute[e.ReasonConditionID] {
			visits[e.ReasonConditionID]++
		}
	}
	limit := p.Cat.Activity.OutpatientReferral.AttendancesMax
	chestLimit := 0
	for _, pr := range p.Cat.Presentations {
		if pr.Key == "chest_pain" {
			chestLimit = pr.ClinicAttendances
		}
	}
	over, chest, chestOver := 0, 0, 0
	for id, n := range visits {
		if n > limit {
			over++
		}
		if chestPain[id] {
			chest++
			if n > chestLimit {
				chestOver++
			}
		}
	}
	if len(visits) < 1000 || float64(over) > 0.005*float64(len(visits)) {
		t.Errorf("%d of %d referred problems seen in clinic more than %d times; want under 0.5%%", over, len(visits), limit)
	}
	// A rapid-access chest pain clinic sees most people once or twice
	// (the presentation's own clinic_attendances).
	if chestLimit == 0 || chest < 100 || float64(chestOver) > 0.03*float64(chest) {
		t.Errorf("%d of %d chest pains seen in clinic more than %d times; want under 3%%", chestOver, chest, chestLimit)
	}
}
