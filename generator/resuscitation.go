package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A decision about resuscitation (twenty-first review): when a person is
// put on the palliative care register the GP talks with them and their
// family about cardiopulmonary resuscitation and, for a share of them
// (catalogue end_of_life.resuscitation), records that CPR is not to be
// attempted, so that the out-of-hours and ambulance services know. Before,
// register deaths had advance care planning coded but never a DNACPR
// decision.

// resolveResuscitation looks up the observation that records the decision.
func (p *Plan) resolveResuscitation() error {
	eol := p.Cat.EndOfLife
	if eol == nil || eol.Resuscitation == nil {
		return nil
	}
	r := eol.Resuscitation // its share and source are checked with the catalogue (datasets)
	code, ok := datasets.ObservationByKey(r.Observation)
	if !ok {
		return fmt.Errorf("catalogue: end_of_life resuscitation observation %q is not in observation_codes.csv", r.Observation)
	}
	p.notForCPR = &code
	return nil
}

// resuscitationDecision records the DNACPR decision at the contact (enc at
// start) that puts the person on the palliative care register, for the
// catalogue's share, drawn on a stream of its own so no other draw moves.
func (w *worker) resuscitationDecision(per *person, enc string, start models.Timestamp) {
	code := w.plan.notForCPR
	if code == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeResuscitation)
	if !s.Bernoulli(w.plan.Cat.EndOfLife.Resuscitation.Share) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(5), code))
	per.notForCPR = true
}

// resuscitationWhenDying records the DNACPR decision not made at the
// register entry at the home visit (enc at start) that prescribes the
// anticipatory medicines of a death planned outside hospital, for the
// catalogue's dying_at_home share, on a stream of its own. Before (brief
// h75f), 176 of 929 register deaths had no decision on the record, one of
// them at 100 (generate -n 20000 -s 83): the decision drawn once, at the
// entry, was never revisited as death neared (Resuscitation Council UK
// 2016: review the decision as the person's condition changes).
func (w *worker) resuscitationWhenDying(per *person, enc string, start models.Timestamp) {
	code := w.plan.notForCPR
	if code == nil || per.notForCPR {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeDyingResuscitation)
	if !s.Bernoulli(w.plan.Cat.EndOfLife.Resuscitation.DyingAtHome) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(5), code))
	per.notForCPR = true
}
