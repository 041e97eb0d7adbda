package generator

import (
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// TestBuiltinScenariosMeetTheirConstraints generates every scenario in the
// built-in library and checks, with the independent checker, that every
// cohort member, subgroup member and persona satisfies every constraint,
// that cohort sizes are as written, and that all records stay coherent.
func TestBuiltinScenariosMeetTheirConstraints(t *testing.T) {
	names := scenario.Builtin()
	if len(names) < 8 {
		t.Fatalf("want at least 8 built-in scenarios, have %d", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			sc, err := scenario.LoadBuiltin(name)
			if err != nil {
				t.Fatal(err)
			}
			if testing.Short() && sc.Background > 500 {
				sc.Background = 500
			}
			p := testPlan(t, sc.Total(), func(o *Options) {
				o.Scenario = sc
				if sc.Population.Seed != nil {
					o.Seed = *sc.Population.Seed
				}
				if sc.Population.AsOf != 0 {
					o.AsOf = sc.Population.AsOf
				}
				if sc.Population.HistoryYears != nil {
					o.HistoryYears = *sc.Population.HistoryYears
				}
			})
			b := generateAll(t, p, 0, sc.Total())
			checkCoherent(t, p, b)
			got := checkCohortMembers(t, sc, p, b)
			for _, c := range sc.Cohorts {
				var sub int64
				for _, s := range c.Subgroups {
					sub += s.Count
					if got[c.Name+"/"+s.Name] != s.Count {
						t.Errorf("subgroup %s/%s has %d members, want %d", c.Name, s.Name, got[c.Name+"/"+s.Name], s.Count)
					}
				}
				if got[c.Name] != c.Count-sub {
					t.Errorf("cohort %s has %d members outside its subgroups, want %d", c.Name, got[c.Name], c.Count-sub)
				}
			}
			if got[""] != sc.Background {
				t.Errorf("background has %d patients, want %d", got[""], sc.Background)
			}
		})
	}
}
