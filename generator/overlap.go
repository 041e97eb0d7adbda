package generator

import (
	"sort"
	"strings"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/scenario"
)

// overlapLayout lays out a cohort whose subgroups may share members
// (scenario.Cohort.Overlap). Subgroup j takes n_j of the cohort's N
// positions drawn without replacement, from a stream of its own that depends
// only on j and N (the layout stays a function of the scenario alone), so
// that subgroups share about as many members as chance would and each holds
// exactly its count. (Evenly spaced positions with a phase each shared all
// or none: 10 and 5 of 40 at every 4th and 8th position coincided
// entirely.) Positions with the same set of
// subgroups form one segment, compiled with the cohort's constraints and all
// of theirs; its name joins the subgroups' names with "+"
// ("clinic/poorly controlled+recent A&E"). Segments go in order of the set
// (as a bit mask), members of no subgroup last.
func (p *Plan) overlapLayout(c scenario.Cohort, add func(int64, *cohortPlan)) error {
	masks := make([]uint64, c.Count)
	pos := make([]int64, c.Count)
	for j, sub := range c.Subgroups {
		for i := range pos {
			pos[i] = int64(i)
		}
		s := distributions.NewStream(purposeOverlapLayout, uint64(j), uint64(c.Count))
		for m := int64(0); m < sub.Count; m++ { // a partial Fisher-Yates shuffle
			r := m + int64(s.IntN(int(c.Count-m)))
			pos[m], pos[r] = pos[r], pos[m]
			masks[pos[m]] |= 1 << j
		}
	}
	counts := map[uint64]int64{}
	for _, m := range masks {
		counts[m]++
	}
	var order []uint64
	for m := range counts {
		order = append(order, m)
	}
	sort.Slice(order, func(a, b int) bool {
		if (order[a] == 0) != (order[b] == 0) {
			return order[b] == 0
		}
		return order[a] < order[b]
	})
	for _, m := range order {
		cons, name := c.Constraints, c.Name
		if m != 0 {
			var names []string
			for j, sub := range c.Subgroups {
				if m&(1<<j) != 0 {
					cons = mergeConstraints(cons, sub.Constraints)
					names = append(names, sub.Name)
				}
			}
			name += "/" + strings.Join(names, "+")
		}
		cp, err := p.compileCohort(name, cons, nil)
		if err != nil {
			return err
		}
		add(counts[m], cp)
	}
	return nil
}
