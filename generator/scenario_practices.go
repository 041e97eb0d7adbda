package generator

import (
	"fmt"
	"strconv"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/scenario"
)

// scenarioPracticeBase keys the streams of a scenario's own practices, apart
// from the pool's (which use their index): a practice's id and address
// follow from its ODS code alone, so one scenario practice is the same
// Organization in every dataset that names it.
const scenarioPracticeBase = 1 << 40

// maxPoolPractices is where the pool's codes (ZZ0001...) must stop so that
// ZZ9000-ZZ9999 stays free for scenario practices (scenario.Practice).
const maxPoolPractices = 8999

// addScenarioPractices appends the scenario's practices to the pool. They
// are in no town's list of practices, so only the patients a scenario
// puts on them are registered there.
func (p *Plan) addScenarioPractices() error {
	if len(p.practices) > maxPoolPractices {
		return fmt.Errorf("the practice pool has %d practices, more than the %d codes below ZZ9000", len(p.practices), maxPoolPractices)
	}
	sc := p.Opts.Scenario
	if sc == nil || len(sc.Practices) == 0 {
		return nil
	}
	p.listPractices = map[string]int{}
	for _, sp := range sc.Practices {
		ti := -1
		for k := range p.towns {
			if p.towns[k].Name == sp.Town {
				ti = k
			}
		}
		n, err := strconv.Atoi(sp.ODS[2:])
		if ti < 0 || err != nil {
			return fmt.Errorf("scenario practice %s (%s in %s): unknown town or malformed code", sp.Name, sp.ODS, sp.Town)
		}
		s := distributions.NewStream(practiceKey, scenarioPracticeBase+uint64(n))
		id := appendUUID(nil, &s)
		p.listPractices[sp.ODS] = len(p.practices)
		p.practices = append(p.practices, p.newPractice(&p.towns[ti], string(id), sp.Name, sp.ODS, &s))
	}
	return nil
}

// listPractice is the index of the practice a patient of cohort cp (nil:
// the background) is registered with when the scenario puts them on one
// practice's list, else -1.
func (p *Plan) listPractice(cp *cohortPlan) int {
	var pr *scenario.Practice
	switch {
	case cp != nil:
		return cp.practice
	case p.Opts.Scenario != nil:
		pr = p.Opts.Scenario.Population.Practice
	}
	if pr == nil {
		return -1
	}
	return p.listPractices[pr.ODS]
}

// cohortPractice is the index of the practice a cohort's members are
// registered with, or -1 for the town's practices.
func (p *Plan) cohortPractice(pr *scenario.Practice) (int, error) {
	if pr == nil {
		return -1, nil
	}
	k, ok := p.listPractices[pr.ODS]
	if !ok {
		return -1, fmt.Errorf("practice %s (%s) is not among the scenario's practices", pr.Name, pr.ODS)
	}
	return k, nil
}
