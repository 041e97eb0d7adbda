package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// hypoxicPulsePlan is the catalogue's hypoxic_pulse resolved to its slots
// (brief h67h): the pulse taken with a saturation below the person's usual
// rises by perPoint beats a minute for each point of the fall.
type hypoxicPulsePlan struct {
	on         bool
	pulse, sat int
	perPoint   float64
}

// buildHypoxicPulse resolves the catalogue's hypoxic_pulse.
func (p *Plan) buildHypoxicPulse() {
	if h := p.Cat.HypoxicPulse; h != nil {
		p.hypoxicPulse = hypoxicPulsePlan{on: true, pulse: p.obsIndex[h.Observation], sat: p.obsIndex[h.Follows], perPoint: h.PerPoint}
	}
}

// raiseHypoxicPulse raises the pulse written at row pulseRow by the
// saturation sat taken at the same contact on its day (both written by
// contactReadings) falling below the person's usual saturation that day:
// acute hypoxaemia quickens the heart. No row, no saturation, or none
// below the usual: nothing moves. Nothing is drawn.
func (w *worker) raiseHypoxicPulse(per *person, pulseRow int, sat float64, day models.Date) {
	h := &w.plan.hypoxicPulse
	if !h.on || pulseRow < 0 || math.IsNaN(sat) {
		return
	}
	fall := w.usualLevel(per, h.sat, day) - sat
	if fall <= 0 {
		return
	}
	v := w.b.Observations[pulseRow].Value
	m := w.plan.obsModels[h.pulse]
	x := math.Min(m.Max, *v+h.perPoint*fall)
	*v = math.Round(x*w.plan.obsScale[h.pulse]) / w.plan.obsScale[h.pulse]
}
