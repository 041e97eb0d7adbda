package generator

import (
	"reflect"
	"testing"
)

// TestTestsByProblemKeepsEachProblemsEntries checks that each list's split
// holds, for every problem, exactly the list's entries of that problem in
// the list's order (what episodeTests read from the whole list before), and
// no problem the list lacks.
func TestTestsByProblemKeepsEachProblemsEntries(t *testing.T) {
	p := testPlan(t, 1000, nil)
	for name, c := range map[string]struct {
		list []episodeTestPlan
		by   testsByProblem
	}{
		"ae_tests":            {p.aeTests, p.aeTestsBy},
		"stay_tests":          {p.stayTests, p.stayTestsBy},
		"first_contact_tests": {p.firstContactTests, p.firstContactTestsBy},
	} {
		n := 0
		for problem, part := range c.by {
			var want []episodeTestPlan
			for _, tp := range c.list {
				if tp.problem == problem {
					want = append(want, tp)
				}
			}
			if !reflect.DeepEqual(part, want) {
				t.Errorf("%s, %s: split holds %d entries, the list %d in its order", name, problem, len(part), len(want))
			}
			n += len(part)
		}
		if n != len(c.list) || len(c.list) == 0 {
			t.Errorf("%s: split holds %d entries of the list's %d", name, n, len(c.list))
		}
	}
}
