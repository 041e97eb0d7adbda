package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// The person's latent state: every numeric observation is a noisy reading of
// a usual level that moves with age, with the conditions held (developing
// before diagnosis, progressing after) and with the medicines running.

// drugEffectDays is how long after starting a drug its effect shows in
// measurements (HbA1c reflects about three months of glucose).
const drugEffectDays = 60

// developing returns how far a condition has developed on a day: 0 before
// it starts to develop, rising linearly to 1 at diagnosis.
func developing(hc *heldCondition, day models.Date) float64 {
	if day >= hc.onset {
		return 1
	}
	from := hc.onset - hc.ramp
	if day <= from || hc.ramp == 0 {
		return 0
	}
	return float64(day-from) / float64(hc.ramp)
}

// conditionEffects adds up, for an observation slot on a day, the effects
// of the conditions developing or held by then and their progression since
// diagnosis.
func conditionEffects(per *person, slot int, day models.Date) float64 {
	var v float64
	for ci := range per.conds {
		hc := &per.conds[ci]
		f := developing(hc, day)
		if f == 0 {
			continue
		}
		if (hc.remitDays > 0 || len(hc.past) > 0) && slot == hc.plan.remissionSlot {
			f *= remitted(hc, day) // the episode ending (remission.go)
		}
		for _, e := range hc.effects {
			if e.obs == slot {
				v += e.delta * f
			}
		}
		if day > hc.onset {
			for _, e := range hc.plan.trend {
				if e.obs == slot {
					v += e.delta * hc.rate * float64(day-hc.onset) / 365.25
				}
			}
		}
	}
	return v
}

// medicineEffects adds up the effects on an observation slot on a day of
// the medicines running (not a drug_ratio observation's fractions).
func medicineEffects(seed uint64, per *person, slot int, day models.Date) float64 {
	var v float64
	for k := range per.courses {
		c := &per.courses[k]
		if c.meds != nil && c.running(day) {
			for _, e := range c.meds.effects { // the medicine's own, from its start (prescribing.yaml state_effects)
				if e.obs == slot {
					v += e.delta
					if e.sus != nil && susceptible(seed, per, e, day) {
						v += e.sus.Delta // the subgroup it falls on (a thiazide's hyponatraemia, h68g)
					}
				}
			}
		}
		if day < c.effectFrom || (c.stop != models.NoDate && day >= c.stop) {
			continue
		}
		for _, e := range c.effects {
			if e.obs == slot && !e.ratio {
				v += e.delta * c.reg.Effect * c.response
			}
		}
	}
	return v
}

// treatedLevel is the level of a numeric observation on a day before
// treatment (level) with the proportional effects of the medicines running
// then (catalogue drug_ratio): the part above the ratio's base (a fixed
// level, or the person's own usual HDL and triglycerides/2.2 for total
// cholesterol: lipidpanel.go) is multiplied by their drugFactor, and the
// base is the one the medicines leave (h60d: a statin's triglyceride fall
// takes its VLDL cholesterol off the total).
func (w *worker) treatedLevel(per *person, slot int, day models.Date, level float64) float64 {
	if w.plan.obsModels[slot].DrugRatio == nil {
		return level
	}
	above, left := w.ratioAbove(per, slot, day)                  // lipidpanel.go
	if r := w.plan.obsModels[slot].DrugRatio; r.LeastAbove > 0 { // an untreated LDL part of at least about 1.2
		level = softFloor(level, above+r.LeastAbove, r.LeastAbove/2)
	}
	if level <= above {
		return level + left - above
	}
	return left + (level-above)*drugFactor(per, slot, day)
}

// drugFactor is what the medicines running on a day multiply the treated
// part of a drug_ratio observation by (1 when none): each takes its
// fraction off what the others leave, scaled by the dose step and, in log
// terms, by the person's response (a strong responder to a statin that
// takes 40% off takes 0.6 to the power of their response), so the part
// never reaches zero.
func drugFactor(per *person, slot int, day models.Date) float64 {
	f := 1.0
	for k := range per.courses {
		c := &per.courses[k]
		if day < c.effectFrom || (c.stop != models.NoDate && day >= c.stop) {
			continue
		}
		for _, e := range c.effects {
			if e.obs == slot && e.ratio {
				f *= math.Pow(max(1+e.delta*c.reg.Effect, minDrugFactor), c.response)
			}
		}
	}
	return f
}

// minDrugFactor is the least share of a level one medicine leaves at its
// typical response (a guard against a dose step whose fraction passes 1).
const minDrugFactor = 0.05

// susceptible reports whether the person is in the subgroup a state
// effect falls on, on day: their own draw for the effect (the same all
// their life) below the subgroup's share at their age then, so the share
// grows as they age (h68g: a thiazide's hyponatraemia, about twice as
// likely each ten years older). The draw is its own stream, so nothing
// else moves.
func susceptible(seed uint64, per *person, e obsEffect, day models.Date) bool {
	s := per.stream(seed, purposeSusceptible, uint64(e.id))
	return s.Float64() < e.sus.ShareAt(float64(day-per.birth)/365.25)
}
