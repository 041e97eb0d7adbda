package generator

import (
	"github.com/code4health/cohortgen/models"
)

// acceptLater offers a gated first line again, at a review on day d where
// the gate calls for it, to a person who declined it at diagnosis or at an
// earlier review (catalogue untreated accepts_later): an antidepressant is
// offered again while depression stays more severe (NICE NG222 1.8), and
// some who declined take it then. Anticoagulation in AF is offered again at
// each AF review and at the visit where the CHA2DS2-VASc has risen (a stroke
// or TIA; NICE NG196 1.6), where more take it (accepts_on_rise; h61c). A
// lasting reason (a contraindication) is coded again, never taken up. The
// draw is the person's own for the day, so no other stream moves.
func (w *worker) acceptLater(per *person, ci int, d models.Date, read func(int) float64) {
	hc := &per.conds[ci]
	u := hc.plan.Untreated
	if hc.treated || u == nil || u.AcceptsLater <= 0 || !hc.excused || hc.notDue || !w.gateDue(per, ci, d, read) ||
		w.untreatedPick(per, ci, d).Lasting {
		return
	}
	// the last offer: the coded decline, or an offer whose decline a joint
	// visit's medication review left uncoded
	score := w.declineScore(per, ci, d)
	share, rose := u.AcceptsLater, score > max(hc.declinedScore, hc.offeredScore)
	if rose && u.AcceptsOnRise > 0 {
		share = u.AcceptsOnRise
	}
	if !rose && d-max(hc.declinedStep, hc.offeredOn) < models.Date(u.ReofferDays) {
		return // discussed this year already: the next yearly review asks again
	}
	s := per.stream(w.plan.Opts.Seed, purposeAcceptsLater, uint64(hc.plan.idx), uint64(d))
	if s.Bernoulli(share) {
		hc.treated, hc.waiting = true, true
	}
	if u.ReofferDays > 0 { // (depression's and diabetes's offer at every review: nothing to keep)
		hc.offeredOn, hc.offeredScore = d, max(hc.offeredScore, score)
	}
}

// declineScore is the gate's risk score on day d of held condition ci, the
// one a decline coded then was made at (0: the gate reads no score).
func (w *worker) declineScore(per *person, ci int, d models.Date) int {
	if g := gateOf(per.conds[ci].plan); g != nil && g.Score != "" {
		return w.gateScore(per, g, d)
	}
	return 0
}

// scoreRoseSinceDecline reports whether the gate's risk score of held
// condition ci on day d is above the one its last decline was coded at: a
// new decision, whatever the time since (a stroke or TIA months after
// anticoagulation was declined).
func (w *worker) scoreRoseSinceDecline(per *person, ci int, d models.Date) bool {
	g := gateOf(per.conds[ci].plan)
	return g != nil && g.Score != "" && w.gateScore(per, g, d) > per.conds[ci].declinedScore
}

// declinedAgain codes the decline again at a review where the gated first
// line, offered again (acceptLater), is still not taken: a person with type
// 2 diabetes on lifestyle alone whose HbA1c is 48 or more is offered
// metformin at each review (NICE NG28 1.6), and a refusal recorded once was
// read as a decision for ever (twenty-seventh review: 69 of 1,148 people
// with type 2 diabetes had an HbA1c of 48 or more a year apart and never a
// diabetes drug, generate -n 20000 -s 5). At most once a year, as a
// declined step up (declinedstep.go), so the code does not repeat at every
// recheck (or at the offer's own interval, reoffer_days), and at once when
// the gate's score has risen since (h61c: the discussion after a stroke is
// recorded, whenever the last one was). With no target to step towards, the
// later lines run on their own (rate control in AF): only the first line's
// medicines answer the question (before, a decline of anticoagulation
// beside bisoprolol was never coded again).
func (w *worker) declinedAgain(per *person, ci int, encID string, t models.Timestamp, read func(int) float64) {
	hc := &per.conds[ci]
	d := t.Date()
	gap := models.Date(declinedStepGap)
	if r := hc.plan.Untreated.ReofferDays; r > 0 {
		gap = models.Date(r) // the offer's own interval (acceptLater): each offer not taken is coded
	}
	if hc.treated || hc.plan.Untreated.AcceptsLater <= 0 || d-hc.declinedStep < gap && !w.scoreRoseSinceDecline(per, ci, d) ||
		lineTaken(per, &hc.plan.lines[0], d) || onLineOf(per, ci, d, hc.plan.CareTarget == nil) || !w.gateDue(per, ci, d, read) {
		return
	}
	hc.declinedStep, hc.declinedScore = d, w.declineScore(per, ci, d)
	w.reasonObservation(per, encID, t, w.untreatedPick(per, ci, d))
}
