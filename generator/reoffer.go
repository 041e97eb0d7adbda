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

// declinedAgain codes the decline again at a review where the gated first
// line, offered again (acceptLater), is still not taken: a person with type
// 2 diabetes on lifestyle alone whose HbA1c is 48 or more is offered
// metformin at each review (NICE NG28 1.6), and a refusal recorded once was
// read as a decision for ever (twenty-seventh review: 69 of 1,148 people
// with type 2 diabetes had an HbA1c of 48 or more a year apart and never a
// diabetes drug, generate -n 20000 -s 5). At most once a year, as a
// declined step up (declinedstep.go), so the code does not repeat at every
// recheck.
func (w *worker) declinedAgain(per *person, ci int, encID string, t models.Timestamp, read func(int) float64) {
	hc := &per.conds[ci]
	d := t.Date()
	if hc.treated || hc.plan.Untreated.AcceptsLater <= 0 || d-hc.declinedStep < declinedStepGap ||
		lineTaken(per, &hc.plan.lines[0], d) || onLineOf(per, ci, d, false) || !w.gateDue(per, ci, d, read) {
		return
	}
	hc.declinedStep = d
	w.reasonObservation(per, encID, t, w.untreatedPick(per, ci, d))
}
