package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
)

// A blackout in an older person (brief h69g, catalogue postural_blackout).
// A GP review found blackouts over 65 assessed with an ECG only. NICE CG109
// 1.1: the blood pressure lying and standing, and the medicines reviewed.
// At each A&E attendance about a blackout from from_age, this pass writes
// the systolic pressure lying (the attendance's own reading) and standing
// (a postural drop in drop_share of them), on a stream of its own (purposePosturalBlackout): nothing else moves.

// posturalPlan is the catalogue's postural_blackout, its codes resolved.
type posturalPlan struct {
	*datasets.PosturalBlackout
	lying, standing datasets.ObservationCode
}

// newPosturalPlan resolves the codes (the catalogue check found them).
func newPosturalPlan(p *Plan) *posturalPlan {
	b := p.Cat.PosturalBlackout
	if b == nil {
		return nil
	}
	pp := &posturalPlan{PosturalBlackout: b}
	pp.lying, _ = datasets.ObservationByKey(b.Lying)
	pp.standing, _ = datasets.ObservationByKey(b.Standing)
	return pp
}

// posturalBlackouts writes the lying and standing pressures at each A&E attendance of an older person about a
// blackout, beside the attendance's systolic reading (contact_readings):
// the lying pressure is that reading, the standing one lower by the drop.
func (w *worker) posturalBlackouts(per *person) {
	pp := w.plan.postural
	if pp == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposePosturalBlackout)
	w.slowRows = append(w.slowRows[:0], w.readingsOf(per, w.plan.slots.systolic)...) // a copy: the loop appends rows
	for _, i := range w.slowRows {
		o := w.b.Observations[i]
		d := o.EffectiveTime.Date()
		if o.Value == nil || o.ObservationID.IsZero() || d < per.firstDay || d > per.lastDay || per.ageOn(d) < pp.FromAge {
			continue
		}
		e := w.encounterByID(per, o.EncounterID)
		if e == nil || e.Setting != settingAE {
			continue
		}
		if c := w.conditionRow(per, e.ReasonConditionID); c == nil || !slices.Contains(pp.Problems, c.ConditionKey) || w.codeTakenAt(per, o.EncounterID, pp.lying.Snomed) {
			continue
		}
		span := pp.SteadyMMHg
		if s.Bernoulli(pp.DropShare) {
			span = pp.DropMMHg
		}
		lying := *o.Value
		standing := lying - math.Round(span[0]+s.Float64()*(span[1]-span[0]))
		// lying first, standing after three minutes up (kept within the
		// attendance); the medicines are reviewed at the GP contact after
		// the faint (medication_reviews.yaml after_faint), not in A&E
		for _, r := range [...]struct {
			code  *datasets.ObservationCode
			value *float64
			after int
		}{{&pp.lying, &lying, 1}, {&pp.standing, &standing, 4}} {
			row := w.observation(per, o.EncounterID, min(o.EffectiveTime.AddMinutes(r.after), e.EndTime), r.code)
			if r.value != nil {
				v := *r.value
				row.Value, row.Unit = &v, r.code.Unit
			}
			w.b.Observations = append(w.b.Observations, row)
		}
	}
}
