package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Weight loss with indigestion at 55 and over (red_flags.yaml; brief h62e,
// issue 9). NICE NG12 1.2.1/1.2.7 ask for an endoscopy within two weeks,
// but the record's indigestion was referred at its age share and
// endoscoped 14-42 days later whatever the person's weight did: a woman of
// 83 whose weight had fallen from 80.6 to 75.2 kg in the year came with
// indigestion and had neither (generate -n 3000 -s 31). Now the GP who sees
// a new episode reads the weight loss (the person's weight 5% or more below
// that of a year before), codes it with the fast-track upper GI referral,
// and the direct-access endoscopy follows within two weeks and codes its
// finding. Someone with a cancer within the year is left to its own route.

// redFlagPlan is red_flags.yaml upper_gi with its codes resolved.
type redFlagPlan struct {
	pi         int // the presentation it applies to (the criterion's symptom)
	minAge     int
	loss       datasets.RedFlagWeightLoss
	weightLoss datasets.ObservationCode
	referral   datasets.ObservationCode
	procedure  datasets.Investigation
	days       [2]int
	again      models.Date // not referred again within this many days of a referral
	findings   []datasets.ObservationCode
	weights    []float64
}

// resolveRedFlags resolves the upper GI endoscopy's criterion and codes
// (after buildPresentations).
func (p *Plan) resolveRedFlags() error {
	r, err := datasets.RedFlagData()
	if err != nil {
		return err
	}
	u := &r.UpperGI
	c := r.Criterion(u.Criterion) // checked at load
	pi := slices.IndexFunc(p.presentations, func(pp presPlan) bool { return pp.Key == c.Symptom })
	if pi < 0 {
		return fmt.Errorf("red_flags.yaml upper_gi: criterion %s: no presentation %q", c.Key, c.Symptom)
	}
	rf := &redFlagPlan{pi: pi, minAge: c.MinAge, loss: r.WeightLoss, procedure: u.Procedure, days: u.Days, again: models.Date(u.AgainAfterDays)}
	rf.weightLoss, _ = datasets.ObservationByKey(u.WeightLoss) // checked at load
	rf.referral, _ = datasets.ObservationByKey(u.Referral)
	for _, f := range u.Findings {
		code, _ := datasets.ObservationByKey(f.Observation)
		rf.findings = append(rf.findings, code)
		rf.weights = append(rf.weights, f.Weight)
	}
	p.redFlag = rf
	return nil
}

// losingWeight reports whether the person's usual weight on day d (their
// BMI's usual level, with the wasting before an expected death) is the
// loss's percent or more below that of its days before: what the weights
// the GP reads show, without the scales' day-to-day noise.
func (w *worker) losingWeight(per *person, d models.Date) bool {
	rf := w.plan.redFlag
	then := d - models.Date(rf.loss.OverDays)
	if then < per.firstDay {
		return false // no weight on the record a year before
	}
	return w.weightLevel(per, d) <= (1-rf.loss.Percent/100)*w.weightLevel(per, then)
}

// weightLevel is the person's usual BMI on day d (their weight over a
// height that does not change), wasted as numericValue wastes it. Without
// the medicines' effects: a loss on a weight-loss medicine is explained.
func (w *worker) weightLevel(per *person, d models.Date) float64 {
	slot := w.plan.slots.bmi
	v := w.wellLevel(per, slot, d)
	if per.wasting != nil && slot == per.wastingSlot {
		v *= wastedShare(per, d)
	}
	return v
}

// redFlagReferral reports whether the GP consultation encID on day d that
// first sees an episode of presentation pi meets the criterion, and then
// codes the weight loss and the fast-track referral at it.
func (w *worker) redFlagReferral(per *person, pi int, encID string, d models.Date) bool {
	rf := w.plan.redFlag
	if rf == nil || pi != rf.pi || per.ageOn(d) < rf.minAge || !w.losingWeight(per, d) ||
		per.inEndOfLifeCare(d) || hasCancerBy(per, d+365) {
		return false
	}
	if w.referredAround(per, rf.referral.Snomed, d, rf.again) {
		return false // endoscoped for it lately (again_after_days; notcancer.go)
	}
	start, ok := w.encounterStart(encID)
	if !ok {
		return false
	}
	w.b.Observations = append(w.b.Observations,
		w.observation(per, encID, start.AddMinutes(3), &rf.weightLoss),
		w.observation(per, encID, start.AddMinutes(4), &rf.referral))
	return true
}

// redFlagEndoscopy books referral r's direct-access endoscopy and codes its
// finding at its end; it reports whether it was booked.
func (w *worker) redFlagEndoscopy(per *person, r gpReferral, s *distributions.Stream) bool {
	rf := w.plan.redFlag
	if !w.procedure(per, r.pi, r.id, r.onset, rf.days, s) {
		return false
	}
	e := &w.b.Encounters[len(w.b.Encounters)-1]
	e.TypeCode, e.TypeDisplay = rf.procedure.Snomed, rf.procedure.Display
	f := s.PickBy(len(rf.findings), func(i int) float64 { return rf.weights[i] })
	w.b.Observations = append(w.b.Observations, w.observation(per, e.EncounterID, e.StartTime.AddMinutes(60), &rf.findings[f]))
	return true
}
