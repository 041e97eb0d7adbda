package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// resolveDischargeBloods resolves each presentation's bloods to
// observation slots.
func (p *Plan) resolveDischargeBloods() error {
	for i := range p.presentations {
		pr := &p.presentations[i]
		if pr.Bloods == nil {
			continue
		}
		for _, o := range pr.Bloods.Observations {
			slot, ok := p.obsIndex[o]
			if !ok {
				return fmt.Errorf("catalogue: presentation %s: bloods: %q is not an observation of the catalogue", pr.Key, o)
			}
			pr.bloods = append(pr.bloods, slot)
		}
		p.presBloods = append(p.presBloods, i)
	}
	return nil
}

// episodeBloods books, for each episode of a presentation with bloods
// (acute kidney injury, tiredness, heavy periods), a blood test at the
// practice some days after the hospital stay it began in (or its A&E visit,
// or the GP contact that opened it), about the episode (kept open to it),
// with its observations read from the person's state: NICE NG148 asks for
// kidney function to be checked again after an acute kidney injury, NICE
// CKS for a full blood count and more in unexplained tiredness, NICE NG88
// for a full blood count in heavy menstrual bleeding. None is booked once
// the person has died or the record has ended. It sees the condition rows
// from index from on and returns where it stopped: it runs before the care
// that reads its results, and again once the GP contacts that open the
// acute episodes are written. The days draw from a stream of their own,
// per episode, so nothing else moves.
func (w *worker) episodeBloods(per *person, from int) int {
	p := w.plan
	if len(p.presBloods) == 0 {
		return len(w.b.Conditions)
	}
	end := len(w.b.Conditions)
	for k := from; k < end; k++ {
		c := &w.b.Conditions[k]
		pi := p.presIn(p.presBloods, c.ConditionKey)
		if pi < 0 {
			continue
		}
		pr := &p.presentations[pi]
		home := per.homeAfter(c.OnsetDate)
		s := per.stream(p.Opts.Seed, purposeDischargeBloods, uint64(c.OnsetDate))
		lo, hi := pr.Bloods.Days[0], pr.Bloods.Days[1]
		day := home + models.Date(lo+s.IntN(hi-lo+1))
		if day > per.lastDay || per.inEndOfLifeCare(day) {
			continue
		}
		id := c.ConditionID
		encID, start, ok := w.gpVisit(per, day, encGPProblem, id, &s) // the GP reviews the results (and the medicines paused)
		if !ok {
			continue
		}
		o0 := len(w.b.Observations)
		for _, slot := range pr.bloods {
			w.observe(per, encID, start, slot, &s)
		}
		start, o0 = w.recheckUntilRecovered(per, c, pr.bloods, start, o0) // not recovered: again in 1-2 weeks (akirecovery.go)
		until := start.Date()
		if r := pr.Bloods.Recovery; r != nil && w.notRecovered(per, r, o0, start.Date()) {
			// not recovered: repeated about 3 months on (NICE NG203), the episode open until then
			day := start.Date() + models.Date(between(r.RecheckDays, &s))
			if day <= per.lastDay && !per.inEndOfLifeCare(day) {
				if encID, start, ok := w.gpVisit(per, day, encGPProblem, id, &s); ok {
					w.observe(per, encID, start, p.obsIndex[r.Observation], &s)
					until = start.Date()
				}
			}
		}
		w.keepOpenUntil(per, pi, id, until) // resolved once the test shows it has
	}
	return end
}

// notRecovered reports whether the check on day d, its observations
// written from index o0 on, holds the recovery observation below its level
// (an eGFR still below 60 after an acute kidney injury) in someone with
// none of its unless conditions diagnosed by then (eighteenth review).
func (w *worker) notRecovered(per *person, r *datasets.Recovery, o0 int, d models.Date) bool {
	for _, k := range r.Unless {
		if h := heldIndex(per, w.plan.condIndex[k]); h >= 0 && per.conds[h].onset <= d {
			return false // the lower level is the person's own (CKD)
		}
	}
	code := w.plan.obsCodes[w.plan.obsIndex[r.Observation]].Snomed
	for _, o := range w.b.Observations[o0:] {
		if o.SnomedCode == code && o.Value != nil {
			return *o.Value < r.AtLeast
		}
	}
	return false
}

// presIn is the presentation of list (indexes into p.presentations) whose
// key is key, or -1.
func (p *Plan) presIn(list []int, key string) int {
	for _, i := range list {
		if p.presentations[i].Key == key {
			return i
		}
	}
	return -1
}

// homeAfter is the day a person seen in hospital on day d went home: the
// end of a stay that day falls in, else d itself (an A&E attendance, a GP
// contact).
func (per *person) homeAfter(d models.Date) models.Date {
	home := d
	for _, st := range per.stays {
		if st.start.Date() <= d && d <= st.end.Date() {
			home = st.end.Date()
		}
	}
	return home
}
