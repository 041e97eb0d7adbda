package generator

import "github.com/code4health/cohortgen/models"

// A presentation whose rate is raised by conditions the person holds
// (catalogue raised_by; forty-seventh review): a GP read 604 episodes of
// self-poisoning of which 51 were in people with a depression or a severe
// mental illness on record before it (generate -n 20000 -s 5), where most
// people who self-harm have a mental disorder. The people who hold one of
// the conditions have the presentation drawn as an extra held entry, worth
// its weight times relative-1 once a condition is diagnosed; the weights in
// the catalogue are then those of everyone else.

// raisedHeld marks a held presentation entry that a raised_by condition
// adds (presHeld.k), beside -1 for a prone person's (recurrence.go).
const raisedHeld = -2

// appendRaised adds to a person's held presentations those raised by a
// condition they hold (at any date: presWeight reads the day).
func (w *worker) appendRaised(per *person, held []presHeld) []presHeld {
	for _, pi := range w.plan.presRaised {
		pr := &w.plan.presentations[pi]
		if (pr.sex < 0 || pr.sex == per.sex) && holdsBefore(per, pr.RaisedBy.Conditions, per.lastDay+1) {
			held = append(held, presHeld{pi: pi, k: raisedHeld})
		}
	}
	return held
}

// raisedWeight is the weight a raised_by condition adds to presentation pi
// on day d: its weight wt times relative-1 once one is diagnosed before the
// day, when the presentation fits the person then.
func (w *worker) raisedWeight(per *person, pi, setting, age int, d models.Date, wt float64) float64 {
	r := w.plan.presentations[pi].RaisedBy
	if !holdsBefore(per, r.Conditions, d) || !w.presAllowed(per, pi, setting, age, d) || !w.apartFromEpisode(per, pi, d) {
		return 0
	}
	return wt * (r.Relative - 1)
}
