package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A step up that is due and not taken (fifteenth review: 103 of 197 people
// with type 2 diabetes and an HbA1c of 58 or more for a year on metformin
// had no second drug and nothing on the record to say why). A share of such
// reviews are the person's decision, coded by the condition's untreated
// reason (care_target declined); at most once a year, so the code does not
// repeat at every recheck. The rest is clinical inertia.
//
// Treated hypertension declines every such step it does not take (h61b):
// a year of readings above the target on the same drugs with nothing on the
// record reads as inertia to a GP, and the share kept above the target
// matches QOF's at-target rates. From 80 in the step down's frailty the code
// is the clinician's (drug treatment not indicated: falls, postural
// hypotension), not the person's refusal.

// declinedStepGap is the least time between two coded declines of a step.
const declinedStepGap = 365

// declineStep decides, from a stream of its own, whether a step up due on
// day d and not taken was declined, with chance share (the target's
// declined, or its high band's); treat has just decided not to take it.
// The review codes it (codeDeclinedStep).
func (w *worker) declineStep(per *person, ci int, d models.Date, share float64) {
	hc := &per.conds[ci]
	if share == 0 || (hc.declinedStep != 0 && d-hc.declinedStep < declinedStepGap) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeclinedStep, uint64(ci), uint64(d))
	if s.Bernoulli(share) {
		hc.declinedStep, w.stepDeclined = d, true
	}
}

// codeDeclinedStep writes the decline declineStep drew at this review.
func (w *worker) codeDeclinedStep(per *person, ci int, encID string, t models.Timestamp) {
	if encID == w.joint.enc && w.joint.reviewed {
		return // a medication review already coded at this appointment
	}
	c := per.conds[ci].plan
	d := t.Date()
	code := c.CareTarget.DeclinedCode
	if sd := c.CareTarget.StepDown; c.CareTarget.DeclinedFrailCode != "" && per.ageOn(d) >= sd.FromAge && w.frailEnough(per, sd, d) {
		// the clinician's judgement in frailty (h61b), unless its reason's
		// conditions rule it out ("not indicated" beside cardiovascular
		// disease, diabetes or CKD): then the person's decline
		if r := untreatedReason(c.Untreated, c.CareTarget.DeclinedFrailCode); r != nil && !holdsAny(per, r.Without, d) {
			code = c.CareTarget.DeclinedFrailCode
		}
	}
	if code == c.CareTarget.DeclinedCode && c.CareTarget.DeclinedByClass != nil && per.conds[ci].line >= 0 {
		w.reasonObservation(per, encID, t, w.declinedStepReason(per, ci, d)) // declinedclass.go: the next drug declined, not the treatment taken (h69b)
		return
	}
	if r := untreatedReason(c.Untreated, code); r != nil && !holdsAny(per, r.Without, d) {
		w.reasonObservation(per, encID, t, r)
	}
}

// untreatedReason is the condition's untreated reason coded code (nil if
// it has none).
func untreatedReason(u *datasets.Untreated, code string) *datasets.UntreatedReason {
	if u == nil {
		return nil
	}
	for i := range u.Reasons {
		if u.Reasons[i].Snomed == code {
			return &u.Reasons[i]
		}
	}
	return nil
}
