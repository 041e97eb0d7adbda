package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A&E records tests at an attendance about some presentations (catalogue
// ae_tests; thirteenth review): chest pain gets a 12-lead ECG and a
// high-sensitivity troponin (NICE CG95: suspected acute coronary syndrome
// is assessed with a resting ECG and troponin). Before, chest pain in A&E
// recorded nothing at all.

// aeTestPlan is a catalogue ae_tests entry resolved: a numeric slot
// (measured from the usual level) or a code with no value.
type aeTestPlan struct {
	problem string
	minAge  int
	raise   float64                   // added to the numeric result, on its scale
	slot    int                       // -1: a coded procedure
	code    *datasets.ObservationCode // when slot is -1
}

// buildAETests resolves the catalogue's A&E tests (checked on load).
func (p *Plan) buildAETests() {
	for _, t := range p.Cat.AETests {
		tp := aeTestPlan{problem: t.Problem, minAge: t.MinAge, raise: t.Raise, slot: -1}
		if slot, ok := p.obsIndex[t.Observation]; ok {
			tp.slot = slot
		} else if code, ok := datasets.ObservationByKey(t.Observation); ok {
			tp.code = &code
		}
		p.aeTests = append(p.aeTests, tp)
	}
}

// aeTests records each A&E attendance's tests, once the person's contacts
// are all written, so every path that books one (an attendance, an
// admission through A&E) is tested alike: 20 minutes in, one a minute
// apart. Its draws are the person's own.
func (w *worker) aeTests(per *person) {
	p := w.plan
	if len(p.aeTests) == 0 {
		return
	}
	s := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeAETests)
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := w.b.Encounters[e] // a copy: observing may grow the batch
		if enc.Setting != settingAE || enc.ReasonConditionID == "" {
			continue
		}
		c := w.conditionRow(per, enc.ReasonConditionID)
		if c == nil {
			continue
		}
		t := enc.StartTime.AddMinutes(20)
		for _, tp := range p.aeTests {
			if tp.problem != c.ConditionKey || per.ageOn(t.Date()) < tp.minAge {
				continue
			}
			if tp.slot >= 0 {
				o := len(w.b.Observations)
				w.observe(per, enc.EncounterID, t, tp.slot, &s)
				if tp.raise != 0 && o < len(w.b.Observations) {
					w.raiseResult(&w.b.Observations[o], tp.slot, tp.raise)
				}
			} else if tp.code != nil {
				w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, t, tp.code))
			}
			t = t.AddMinutes(1)
		}
	}
}

// raiseResult adds raise to result o of observation slot, on the slot's
// scale (multiplying a log-scale one by e^raise), rounded and held within
// its limits as a reading is.
func (w *worker) raiseResult(o *models.Observation, slot int, raise float64) {
	if o.Value == nil {
		return
	}
	m := w.plan.obsModels[slot]
	v := *o.Value + raise
	if m.LogScale {
		v = *o.Value * math.Exp(raise)
	}
	v = math.Min(m.Max, math.Max(m.Min, v))
	*o.Value = math.Round(v*w.plan.obsScale[slot]) / w.plan.obsScale[slot]
}
