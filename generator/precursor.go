package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// A condition diagnosed before another it leads to (catalogue precedes:
// non-diabetic hyperglycaemia before type 2 diabetes; fifteenth review: it
// never progressed). The later condition is drawn by its own prevalence; a
// share of its holders had the earlier one coded lead years before. The
// later one then develops over those years from the earlier one's
// threshold, so the earlier one's yearly readings rise into the diagnosis,
// which comes a small margin past the later one's own threshold. The earlier
// one's entry is resolved at that diagnosis (resolvePrecursors).

// precursorFrom is the level, just past the earlier condition's threshold,
// the later one has reached when the earlier one is diagnosed (model).
const precursorFrom = 0.5

// addPrecursors gives each holder of a condition another precedes, by its
// share, that one first. Drawn from a stream of their own, after the
// conditions, so no other draw moves. Inserted in catalogue order.
func (g *worker) addPrecursors(per *person) {
	p := g.plan
	for ci := range p.conds {
		pr := p.conds[ci].Precedes
		if pr == nil || heldIndex(per, ci) >= 0 {
			continue
		}
		lc := p.condIndex[pr.Condition]
		k := heldIndex(per, lc)
		if k < 0 || chosenWith(per.cohort, lc) || (per.cohort != nil && per.cohort.diagnosedFrom[lc] != 0) {
			continue // a scenario's diagnosis stays as it asked
		}
		s := per.stream(p.Opts.Seed, purposePrecursor, uint64(ci))
		u, lu, mu := s.Float64(), s.Float64(), s.Float64()
		later := &per.conds[k]
		// whole years: the earlier condition's yearly review falls about
		// when the later one is diagnosed, the first reading past its threshold
		years := math.Floor(pr.LeadYears[0] + lu*(pr.LeadYears[1]-pr.LeadYears[0]+1))
		lead := models.Date(years * 365.25)
		onset := later.onset - lead
		c := &p.conds[ci]
		if u >= pr.Share || onset < per.firstDay-preWindowYears*365 || per.ageOn(onset) < max(c.Onset.MinAge, c.RegisterMinAge) {
			continue
		}
		slot := p.obsIndex[later.plan.DefinedBy.Observation]
		margin := math.Min(-math.Log(1-mu), maxMarginMeans) * pr.MarginMean
		g.developFrom(per, later, slot, onset, *c.DefinedBy.AtLeast+precursorFrom, margin)
		hc := g.heldCondition(per, ci, onset, &s)
		hc.leadsTo = later.plan
		kept := hc.effects[:0] // the level is the later condition's, developing
		for _, e := range hc.effects {
			if e.obs != slot {
				kept = append(kept, e)
			}
		}
		hc.effects, hc.ramp = kept, 0
		at := len(per.conds)
		for i := range per.conds {
			if per.conds[i].plan.idx > ci {
				at = i
				break
			}
		}
		per.conds = append(per.conds, heldCondition{})
		copy(per.conds[at+1:], per.conds[at:])
		per.conds[at] = hc
	}
}

// developFrom sets the later condition's course when an earlier one comes
// first: diagnosed margin past its own threshold, having risen from level
// from on the earlier one's onset (its ramp lengthened to reach back there).
func (g *worker) developFrom(per *person, hc *heldCondition, slot int, from models.Date, level, margin float64) {
	i := len(hc.effects) - 1 // the anchor, appended last (heldCondition)
	for i >= 0 && hc.effects[i].obs != slot {
		i--
	}
	if i < 0 {
		return
	}
	hc.effects[i].delta = 0 // the level without it, for the new anchor
	hc.effects[i] = g.anchor(per, hc.plan, hc.onset, margin)
	delta := hc.effects[i].delta
	without := g.personalLevel(per, slot, from)
	ramp := float64(hc.onset - from)
	if f := (level - without) / delta; delta > 0 && f > 0 && f < 1 {
		ramp /= 1 - f
	}
	hc.ramp = models.Date(ramp)
}

// resolvePrecursors resolves, on day d of its diagnosis, the entries of the
// conditions that came before the held condition hc.
func (w *worker) resolvePrecursors(per *person, hc *heldCondition, d models.Date) {
	for k := range per.conds {
		if e := &per.conds[k]; e.leadsTo == hc.plan && e.resolved == 0 {
			e.resolved = max(d, e.onset+1)
			if e.row >= 0 {
				w.b.Conditions[e.row].ResolvedDate = e.resolved
			}
		}
	}
}
