package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// acceptLater offers a gated first line again, at a review on day d where
// the gate calls for it, to a person who declined it at diagnosis or at an
// earlier review (catalogue untreated accepts_later): an antidepressant is
// offered again while depression stays more severe (NICE NG222 1.8), and
// some who declined take it then. The draw is the person's own for the day,
// so no other stream moves.
func (w *worker) acceptLater(per *person, ci int, d models.Date, read func(int) float64) {
	hc := &per.conds[ci]
	u := hc.plan.Untreated
	if hc.treated || u == nil || u.AcceptsLater <= 0 || !hc.excused || hc.notDue || !w.gateDue(per, ci, d, read) {
		return
	}
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeAcceptsLater, uint64(hc.plan.idx), uint64(d))
	if s.Bernoulli(u.AcceptsLater) {
		hc.treated, hc.waiting = true, true
	}
}
