package generator

import "math"

// A condition is drawn when the person's uniform draw falls below their
// chance (hasCondition), and the chance multiplies the base rate by the
// relative risk of every linked condition they hold, their smoking and, for
// someone who died, the mortality ratio. The calibration population draws
// every condition for 200,000 people twice, and most draws lie far above any
// chance the person could have: a bound by sex and age, computed once, says
// no to those without reading the links. A draw at or below the bound is
// decided by conditionChance as before, so no answer changes (stop 58: the
// calibration was 1.8% of a 20,000-patient run's CPU).

// chanceSlack keeps the bound strictly above a chance whose last bits the
// two computations round differently.
const chanceSlack = 1e-300

// chanceMargin is the bound's relative margin over the largest chance: far
// more than the rounding of the chance's dozen multiplications.
const chanceMargin = 1 + 1e-9

// boundChances sets each condition's chanceAbove from its base rates, link
// norms and relative risks. It must run again after anything changes those
// (calibrate, a scenario's prevalence overrides); the correction is applied
// where the bound is read, as it changes between calibration passes.
func (p *Plan) boundChances() {
	for ci := range p.conds {
		c := &p.conds[ci]
		links, ok := 1.0, true
		for _, r := range c.risks {
			ok = ok && r.rr >= 0 && !math.IsInf(r.rr, 0)
			links *= max(r.rr, 1)
		}
		smoking := 1.0
		if r := c.SmokingRR; r != nil {
			ok = ok && r.Current >= 0 && r.Ex >= 0 && !math.IsInf(r.Current, 0) && !math.IsInf(r.Ex, 0)
			smoking = max(1, r.Current, r.Ex)
		}
		death := max(1, c.MortalityRR)
		ok = ok && !math.IsInf(c.MortalityRR, 0) && !math.IsNaN(c.MortalityRR)
		for s := range c.chanceAbove {
			for a := range c.chanceAbove[s] {
				c.chanceAbove[s][a] = math.Inf(1)
				base, norm := c.base[s][a], c.norm[s][a]
				// only finite, non-negative factors bound the chance from
				// above (and only they keep it a number, not NaN)
				if !ok || !(base >= 0) || math.IsInf(base, 0) || !(norm > 0) || math.IsInf(norm, 0) {
					continue
				}
				b := base * links / norm * death * chanceMargin
				if c.SmokingRR != nil {
					sn := c.smokeNorm[a]
					if !(sn > 0) || math.IsInf(sn, 0) {
						continue
					}
					b *= smoking / sn
				}
				if !math.IsInf(b, 0) {
					c.chanceAbove[s][a] = b
				}
			}
		}
	}
}
