package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
)

// compileEthnicity builds the cohort's ethnicity sampler: England's shares
// restricted to the categories asked for (nil when any will do).
func (p *Plan) compileEthnicity(cp *cohortPlan, codes []string) {
	if len(codes) == 0 {
		return
	}
	w := make([]float64, len(p.ethnic))
	for i, e := range p.ethnic {
		for _, c := range codes {
			if e.Code == c {
				w[i] = e.Percent
			}
		}
	}
	cp.ethnicPick = distributions.NewAlias(w)
}

// cohortEthnicity is the ethnic category of patient i of cohort cp: the one
// drawn for everyone (eth), unless the cohort asks for others, when it is
// drawn again among those, from a stream of its own.
func (p *Plan) cohortEthnicity(cp *cohortPlan, i int64, eth datasets.Ethnicity) datasets.Ethnicity {
	if cp == nil || cp.ethnicPick == nil {
		return eth
	}
	s := distributions.NewStream(p.Opts.Seed, uint64(i), purposeDemographics, 1)
	return p.ethnic[cp.ethnicPick.Sample(&s)]
}
