package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// drift is how far a person's usual level of an observation with a drift
// (catalogue observations) has wandered from their own offset on a day:
// two sine waves, each of a period drawn from the drift's years and a
// random phase, of amplitude SD (a wave of amplitude a spreads a/√2, two
// together a). A person's weight so moves a few kilograms over
// years and hardly at all between visits weeks apart; before it (the
// thirteenth review) weight was a fixed level plus a visit-to-visit noise
// of 1.6 kg, so readings a week apart differed by up to 5 kg. The draws
// come from a stream of the person and slot, the same on every call.
func (g *worker) drift(per *person, slot int, day models.Date) float64 {
	d := g.plan.obsModels[slot].Drift
	if d == nil {
		return 0
	}
	s := per.stream(g.plan.Opts.Seed, purposeDrift, uint64(slot))
	years := float64(day-per.birth) / 365.25
	var v float64
	for range 2 {
		period := d.Years[0] + s.Float64()*(d.Years[1]-d.Years[0])
		phase := 2 * math.Pi * s.Float64()
		v += d.SD * math.Sin(2*math.Pi*years/period+phase)
	}
	return v
}
