package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// A cohort asked for ethnic categories has only those, in proportion to
// England's shares among them; the background keeps England's mix.
func TestEthnicityConstraint(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "south asian", Count: 60, Constraints: scenario.Constraints{AgeMin: 40, Ethnicity: []string{"H", "J", "K"},
			Has: []string{"type2_diabetes"}}},
	}, Background: 60}
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	b := generateAll(t, p, 0, sc.Total())
	checkCohortMembers(t, sc, p, b)
	seen := map[string]int{}
	background := map[string]bool{}
	for _, pt := range b.Patients {
		if pt.Cohort != "" {
			seen[pt.EthnicCategory]++
		} else {
			background[pt.EthnicCategory] = true
		}
	}
	if len(seen) < 2 || !background["A"] {
		t.Errorf("cohort categories %v, background %v", seen, background)
	}
}
