package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// cessationPlan is the catalogue's smoking.cessation, resolved.
type cessationPlan struct {
	code  datasets.ObservationCode
	share float64
}

// resolveCessation looks up the advice's observation code.
func (p *Plan) resolveCessation() error {
	cs := p.Cat.Smoking.Cessation
	if cs == nil {
		return nil
	}
	code, ok := datasets.ObservationByKey(cs.Observation)
	if !ok {
		return fmt.Errorf("catalogue: smoking cessation observation %q is not in observation_codes.csv", cs.Observation)
	}
	p.cessation = &cessationPlan{code: code, share: cs.Share}
	return nil
}

// cessationAdvice codes smoking cessation advice at the encounter, a minute
// after a current smoker's smoking status was recorded at t, for the
// catalogue's share of recordings. The draw is the person's own for the
// moment, so no other draw moves.
func (w *worker) cessationAdvice(per *person, encID string, t models.Timestamp) {
	c := w.plan.cessation
	if c == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCessation, uint64(t))
	if !s.Bernoulli(c.share) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(1), &c.code))
}
