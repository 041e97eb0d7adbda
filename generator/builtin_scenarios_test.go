package generator

import (
	"strings"
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
				in, sub := subgroupSizes(c, got)
				for j, s := range c.Subgroups {
					if in[j] != s.Count {
						t.Errorf("subgroup %s/%s has %d members, want %d", c.Name, s.Name, in[j], s.Count)
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

// subgroupSizes counts, from the patients per cohort name, the members of
// each subgroup of c and the members in any: with overlap, a member in
// several subgroups carries their names joined by "+", in subgroup order.
func subgroupSizes(c scenario.Cohort, got map[string]int64) (in []int64, any int64) {
	in = make([]int64, len(c.Subgroups))
	if !c.Overlap {
		for j, s := range c.Subgroups {
			in[j] = got[c.Name+"/"+s.Name]
			any += in[j]
		}
		return in, any
	}
	for m := 1; m < 1<<len(c.Subgroups); m++ {
		var names []string
		for j, s := range c.Subgroups {
			if m&(1<<j) != 0 {
				names = append(names, s.Name)
			}
		}
		n := got[c.Name+"/"+strings.Join(names, "+")]
		for j := range c.Subgroups {
			if m&(1<<j) != 0 {
				in[j] += n
			}
		}
		any += n
	}
	return in, any
}
