package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Iron deficiency as a state (anaemia.yaml iron_deficiency; forty-eighth
// session). Before, a low haemoglobin existed only at the test that found
// it: the person's level was untouched, so a count read a week before the
// heavy-periods contact was normal, and the repeat after a referral's held
// low count read the person's own level (30 g/L or more above the held
// value in 554 repeats, generate -n 20000 -s 5) as if iron worked at once.
// Now an episode lowers the usual haemoglobin (and the ferritin) from its
// onset until oral iron corrects it at the sourced rate, or, untreated,
// until a while after its cause ends. Its draws come from a stream of
// their own, keyed by the bleeding episode's onset, so nothing else moves.

// ironDeficiency is one episode: from its onset, depth g/L below the
// person's own haemoglobin; causeEnd is the day its bleeding stopped.
type ironDeficiency struct {
	from, causeEnd models.Date
	depth          float64
}

// ironDeficiencies calls visit with each of the person's episodes: one
// drawn for each heavy-periods row written so far (a share of them), and
// those a referral's held low count began (per.heldIron).
func (w *worker) ironDeficiencies(per *person, visit func(e *ironDeficiency)) {
	w.bleedingDeficiencies(per, visit)
	for k := range per.heldIron {
		visit(&per.heldIron[k])
	}
}

// bleedingDeficiencies calls visit with the episodes heavy periods carry.
func (w *worker) bleedingDeficiencies(per *person, visit func(e *ironDeficiency)) {
	a := &w.plan.anaemia
	hb := &a.deficiency.HeavyBleeding
	if per.sex == sexIndex("female") && hb.Share > 0 {
		for k := per.condFrom; k < len(w.b.Conditions); k++ {
			c := &w.b.Conditions[k]
			if c.ConditionKey != hb.Problem {
				continue
			}
			s := per.stream(w.plan.Opts.Seed, purposeIronDeficiency, uint64(c.OnsetDate))
			if !s.Bernoulli(hb.Share) {
				continue
			}
			d := &a.deficiency.Depth
			e := &w.bleeding // (the visits read it and keep no pointer, nor call this)
			*e = ironDeficiency{from: c.OnsetDate, causeEnd: c.ResolvedDate, depth: max(d.Min, s.NormalMS(d.Mean, d.SD))}
			visit(e)
		}
	}
}

// ironDeficit is how far the person's iron deficiency holds their usual
// haemoglobin down on day d (the deepest episode running; 0: none).
func (w *worker) ironDeficit(per *person, d models.Date) float64 {
	var deficit float64
	w.ironDeficiencies(per, func(e *ironDeficiency) { deficit = max(deficit, w.deficitOf(per, e, d)) })
	return deficit
}

// deficitOf is what is left of episode e on day d: all of it until iron
// starts (or until untreated_days after its cause ends), then less by the
// iron's rise (anaemia.yaml rise over rise_days).
func (w *worker) deficitOf(per *person, e *ironDeficiency, d models.Date) float64 {
	a := &w.plan.anaemia
	if d < e.from {
		return 0
	}
	start := models.NoDate
	for _, c := range per.iron {
		if c.from >= e.from && c.from <= d && (start == models.NoDate || c.from < start) {
			start = c.from
		}
	}
	if start == models.NoDate {
		if e.causeEnd != models.NoDate && d > e.causeEnd+models.Date(a.deficiency.UntreatedDays) {
			return 0
		}
		return e.depth
	}
	return max(0, e.depth-a.Rise*float64(d-start)/float64(a.RiseDays))
}

// inIronDeficiency reports whether an episode has begun and not ended
// untreated by day d: iron started then corrects the episode's depth, and
// adds no rise of its own (ironRise).
func (w *worker) inIronDeficiency(per *person, d models.Date) bool {
	return w.inDeficiencyOf(per, d, false)
}

// bleedingDeficient is inIronDeficiency for the episodes heavy periods
// carry: an anaemia they explain.
func (w *worker) bleedingDeficient(per *person, d models.Date) bool {
	return w.inDeficiencyOf(per, d, true)
}

// inDeficiencyOf reports whether one of the person's episodes (only those
// heavy periods carry, if bleeding) has begun and not ended untreated by day
// d. The visitor is called directly, not through a method value passed in:
// that bound method and the closure it was given escaped to the heap, at
// each reading of a haemoglobin or ferritin (stop 62).
func (w *worker) inDeficiencyOf(per *person, d models.Date, bleeding bool) bool {
	in := false
	untreated := models.Date(w.plan.anaemia.deficiency.UntreatedDays)
	visit := func(e *ironDeficiency) {
		in = in || (e.from <= d && (e.causeEnd == models.NoDate || d <= e.causeEnd+untreated))
	}
	if bleeding {
		w.bleedingDeficiencies(per, visit)
	} else {
		w.ironDeficiencies(per, visit)
	}
	return in
}

// deficiencyEffect is what iron deficiency adds to the usual level of slot
// on day d: the haemoglobin's deficit, and the ferritin's fall (on its log
// scale) while a deficit remains.
func (w *worker) deficiencyEffect(per *person, slot int, d models.Date) float64 {
	a := &w.plan.anaemia
	if slot != a.slot && slot != a.ferritinSlot {
		return 0
	}
	deficit := w.ironDeficit(per, d)
	if slot == a.slot {
		return -deficit
	}
	if deficit > 0 {
		return a.deficiency.FerritinFall
	}
	return 0
}

// holdDeficiency makes the low haemoglobin v a test held at a referral's
// contact on day d the person's state from then: an episode as deep as
// the value sits below their usual level, so the repeat count reads it
// risen on iron rather than the untouched level.
func (w *worker) holdDeficiency(per *person, d models.Date, v float64) {
	if depth := w.ironLevel(per, d) - v; depth > 0 { // (with an earlier course's rise: anaemia.go)
		per.heldIron = append(per.heldIron, ironDeficiency{from: d, causeEnd: d, depth: depth})
	}
}

// lowerWrittenCounts lowers the haemoglobins and ferritins already written
// on or after the day of the held count k (observation index) at other
// contacts, by the held episode: a tiredness count written before the
// referral's contact in the record's order, but dated after it, read the
// untouched level (138 g/L three days after a held 100). A count it makes
// anaemic is answered as any is (coded; iron already runs).
func (w *worker) lowerWrittenCounts(per *person, k int) {
	a := &w.plan.anaemia
	if len(per.heldIron) == 0 {
		return
	}
	e := &per.heldIron[len(per.heldIron)-1]
	held := w.b.Observations[k]
	hbCode := w.plan.obsCodes[a.slot].Snomed
	ferCode := ""
	if a.ferritinSlot >= 0 {
		ferCode = w.plan.obsCodes[a.ferritinSlot].Snomed
	}
	for j := per.obsFrom; j < k; j++ {
		o := &w.b.Observations[j]
		day := o.EffectiveTime.Date()
		if o.Value == nil || day < e.from || o.EncounterID == held.EncounterID {
			continue
		}
		deficit := w.deficitOf(per, e, day)
		if deficit <= 0 {
			continue
		}
		switch o.SnomedCode {
		case hbCode:
			w.raiseResult(o, a.slot, -deficit)
			w.answerLowHaemoglobin(per, o.EncounterID, o.EffectiveTime, *o.Value)
		case ferCode:
			w.raiseResult(o, a.ferritinSlot, a.deficiency.FerritinFall)
			w.holdFerritinBesideAnaemia(per, o)
		}
	}
}

// holdFerritinBesideAnaemia holds ferritin result o below the limit of the
// test that reads it beside an anaemic count (catalogue with_anaemia: a
// ferritin below 30 confirms iron deficiency), as the test would have.
func (w *worker) holdFerritinBesideAnaemia(per *person, o *models.Observation) {
	a := &w.plan.anaemia
	for k := range w.plan.firstContactTests {
		if tp := &w.plan.firstContactTests[k]; tp.slot == a.ferritinSlot && tp.withAnae {
			if lim := w.testLimit(per, tp, o.EncounterID); lim > 0 {
				w.holdBelow(o, a.ferritinSlot, lim)
			}
			return
		}
	}
}
