package generator

import (
	"fmt"
	"strings"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/scenario"
)

// applyPopulation shapes the ordinary (background) patients: age range, sex,
// a custom age distribution, and region and town weights.
func (p *Plan) applyPopulation(pop *scenario.Population) error {
	if pop.Restricted() {
		base := [2][]float64{p.pop[0][:], p.pop[1][:]}
		weights := pop.AgeSexWeights(base)
		alive := make([]float64, 2*(maxAge+1))
		var total float64
		for s := 0; s < 2; s++ {
			for a, v := range weights[s] {
				alive[s*(maxAge+1)+a] = v
				total += v
			}
		}
		if total == 0 {
			return fmt.Errorf("scenario population: no one matches the age and sex given")
		}
		p.sexAge = distributions.NewAlias(alive)
		// The deaths of the window are those of the restricted population:
		// each sex and age's deaths scaled as its living are (a 0-17
		// population has a child's few deaths, not England's share).
		perYear := make([]float64, len(p.deathWeights))
		var deaths float64
		for y := range p.deathWeights {
			w := make([]float64, len(p.deathWeights[y]))
			for k, v := range p.deathWeights[y] {
				sx, a := k/(maxAge+1), k%(maxAge+1)
				if weights[sx][a] > 0 && p.pop[sx][a] > 0 {
					w[k] = v * weights[sx][a] / p.pop[sx][a]
					perYear[y] += w[k]
				}
			}
			if perYear[y] > 0 {
				p.deathSexAge[y] = distributions.NewAlias(w)
			}
			deaths += perYear[y]
		}
		if deaths > 0 && p.pDied > 0 {
			p.deathYear = distributions.NewAlias(perYear)
			p.pDied = deaths / (total + deaths)
		} else {
			p.pDied = 0
		}
	}
	if len(pop.Regions) > 0 {
		w := make([]float64, len(p.regions))
		for _, rw := range pop.Regions {
			ri := -1
			for k, r := range p.regions {
				if r.Code == rw.Region {
					ri = k
				}
			}
			if ri < 0 {
				return fmt.Errorf("scenario population: unknown region %q", rw.Region)
			}
			w[ri] += rw.Weight
			if len(rw.Towns) > 0 {
				idx := []int{}
				tw := []float64{}
				for _, name := range rw.Towns {
					found := false
					for ti, t := range p.towns {
						if strings.EqualFold(t.Name, name) && t.Region == rw.Region {
							idx, tw, found = append(idx, ti), append(tw, float64(t.Population)), true
						}
					}
					if !found {
						return fmt.Errorf("scenario population: town %q is not in region %s", name, rw.Region)
					}
				}
				p.townsByReg[rw.Region] = idx
				p.townPick[rw.Region] = distributions.NewAlias(tw)
			}
		}
		p.regionPick = distributions.NewAlias(w)
	}
	return nil
}

// applyWholeOverrides changes the targets of conditions overridden for all
// ages, before calibration scales the curves to them.
func (p *Plan) applyWholeOverrides(overrides []scenario.PrevalenceOverride) error {
	for _, o := range overrides {
		if o.AgeMin != 0 || o.AgeMax != 0 {
			continue
		}
		ci, ok := p.condIndex[o.Condition]
		if !ok {
			return fmt.Errorf("prevalence override: unknown condition %q", o.Condition)
		}
		c := &p.conds[ci]
		// Copy the catalogue entry so the override never leaks into
		// another plan sharing the catalogue.
		cond := *c.Condition
		if o.Multiply != nil {
			cond.Target *= *o.Multiply
		}
		if o.Set != nil {
			cond.Target = *o.Set
		}
		c.Condition = &cond
	}
	return nil
}

// applyBandOverrides changes a condition's calibrated curve within an age
// band, after calibration (which would otherwise scale it back).
func (p *Plan) applyBandOverrides(overrides []scenario.PrevalenceOverride) error {
	pop := &p.pop
	for _, o := range overrides {
		if o.AgeMin == 0 && o.AgeMax == 0 {
			continue
		}
		ci, ok := p.condIndex[o.Condition]
		if !ok {
			return fmt.Errorf("prevalence override: unknown condition %q", o.Condition)
		}
		c := &p.conds[ci]
		hi := o.AgeMax
		if hi == 0 || hi > maxAge {
			hi = maxAge
		}
		factor := 1.0
		if o.Multiply != nil {
			factor = *o.Multiply
		}
		if o.Set != nil {
			var num, den float64
			for s := 0; s < 2; s++ {
				for a := o.AgeMin; a <= hi; a++ {
					num += pop[s][a] * c.base[s][a] * c.correction
					den += pop[s][a]
				}
			}
			if num == 0 {
				return fmt.Errorf("prevalence override: %s has no prevalence at ages %d-%d to set", o.Condition, o.AgeMin, hi)
			}
			factor = (*o.Set / 100) / (num / den)
		}
		for s := 0; s < 2; s++ {
			for a := o.AgeMin; a <= hi; a++ {
				c.base[s][a] = min(0.95, c.base[s][a]*factor)
			}
		}
	}
	return nil
}
