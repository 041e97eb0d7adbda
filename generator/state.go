package generator

import (
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

// stateEffects adds up, for an observation slot on a day, the effects of the
// conditions developing or held by then, their progression since diagnosis,
// and the medicines running.
func stateEffects(per *person, slot int, day models.Date) float64 {
	var v float64
	for ci := range per.conds {
		hc := &per.conds[ci]
		f := developing(hc, day)
		if f == 0 {
			continue
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
	for k := range per.courses {
		c := &per.courses[k]
		if c.meds != nil && c.running(day) {
			for _, e := range c.meds.effects { // the medicine's own, from its start (prescribing.yaml state_effects)
				if e.obs == slot {
					v += e.delta
				}
			}
		}
		if day < c.effectFrom || (c.stop != models.NoDate && day >= c.stop) {
			continue
		}
		for _, e := range c.effects {
			if e.obs == slot {
				v += e.delta * c.reg.Effect * c.response
			}
		}
	}
	return v
}
