package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Gated first lines (catalogue `gate:` on a treatment line): a line starts
// only when the patient's state calls for it, a risk score added up from
// what the record holds on the day (anticoagulation in AF by CHA2DS2-VASc,
// NICE NG196) or the reading taken at the review (an antidepressant at a
// PHQ-9 of 16 or more, NG222). Nothing is computed for people without the
// condition, and only at its decisions.

// gateOf is the gate of the condition's first line, nil when none.
func gateOf(c *condPlan) *datasets.LineGate {
	if len(c.lines) == 0 {
		return nil
	}
	return c.lines[0].Gate
}

// gateDue reports whether the first line of the person's k-th held
// condition may start on day d: it has no gate, a scenario forces it, or
// the score on d (or the review's reading, read) calls for it. The
// borderline band (men at CHA2DS2-VASc 1) is decided by the person's own
// draw, the same at every review.
func (w *worker) gateDue(per *person, k int, d models.Date, read func(int) float64) bool {
	hc := &per.conds[k]
	g := gateOf(hc.plan)
	if g == nil || hc.forced >= 0 {
		return true
	}
	female := per.sex == sexIndex("female")
	has := func(key string) bool {
		j := heldIndex(per, w.plan.condIndex[key])
		return j >= 0 && per.conds[j].onset <= d
	}
	var v float64
	if g.Score != "" {
		v = float64(w.gateScore(per, g, d))
	} else {
		v = read(w.plan.obsIndex[g.Observation])
	}
	offer := g.OfferFor(has)
	consider := 1.0
	if v < offer && g.ConsiderAt > 0 && v >= g.ConsiderAt {
		s := per.stream(w.plan.Opts.Seed, purposeScoreConsider, uint64(hc.plan.idx))
		consider = s.Float64()
	}
	return g.Due(v, offer, female, consider)
}

// startWhenDue starts a waiting gated first line once it is due, at a
// review after the diagnosis (the score rose with age or a new condition;
// the PHQ-9 rose to the more severe range; an adult regimen now suits).
func (w *worker) startWhenDue(per *person, k int, d models.Date, egfr float64, read func(int) float64, s *distributions.Stream) {
	hc := &per.conds[k]
	if !hc.waiting || !w.gateDue(per, k, d, read) {
		return
	}
	if w.clinicStarts(hc) && !w.atSpecialist {
		return // accepted at a GP review: the specialist review starts it (progression.go)
	}
	w.startLine(per, k, 0, d, egfr, s)
	hc.waiting = !w.lineCovered(per, &hc.plan.lines[0], d) // none suits today: a later review tries again
}

// spreadEffects varies how severe a held condition is in this person
// (catalogue effect_sd), from a stream of its own so no other draw moves;
// an effect keeps at least a quarter of its typical size.
func (g *worker) spreadEffects(per *person, hc *heldCondition) {
	c := hc.plan
	if len(c.spread) == 0 {
		return
	}
	s := per.stream(g.plan.Opts.Seed, purposeEffectSpread, uint64(c.idx))
	for _, sp := range c.spread {
		for i := range hc.effects {
			if e := &hc.effects[i]; e.obs == sp.obs {
				// at least a quarter of the effect, of its sign (a lowered
				// ejection fraction stays lowered)
				if d := e.delta + s.NormalMS(0, sp.delta); e.delta < 0 {
					e.delta = math.Min(d, e.delta/4)
				} else {
					e.delta = math.Max(d, e.delta/4)
				}
			}
		}
	}
}

// clinicStarts reports whether the first line of the condition held at hc,
// once accepted after a decline (reoffer.go), is the specialist's to start
// at the next specialist review rather than the GP's: a line started in
// clinic of a condition the specialist reviews, with no gate (h63d: levodopa
// in Parkinson's disease is started by the specialist, NICE NG71 1.3,
// approx; 22 of 28 late starts were at a GP follow-up).
func (w *worker) clinicStarts(hc *heldCondition) bool {
	c := hc.plan
	return len(c.lines) > 0 && c.lines[0].StartedInClinic && c.Reviews.Specialist != nil && gateOf(c) == nil
}
