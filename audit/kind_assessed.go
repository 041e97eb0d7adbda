package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// encounter_without_observation: an encounter of the settings (and
// encounter types) whose reason is a condition of the set diagnosed before
// its day (any_onset: whatever its onset) records none of the
// observations, and none lies within
// within_days of it either side when within_days is given (a blood test
// taken lately stands): a contact for a symptom of COPD with no oxygen
// saturation, of hypothyroidism with no TSH (brief h55f). Counts such
// encounters.
func compileEncounterWithoutObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	f, err := encFilterOf(r)
	if err != nil {
		return nil, err
	}
	if len(r.Observations) == 0 || r.WithinDays < 0 {
		return nil, fmt.Errorf("needs observations and a within_days of 0 or more")
	}
	codes := map[string]bool{}
	for _, k := range r.Observations {
		o, ok := datasets.ObservationByKey(k)
		if !ok || o.Snomed == "" {
			return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", k)
		}
		codes[o.Snomed] = true
	}
	cond, within := x.condSet(*r.Condition), models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		for i := range v.encs {
			e := &v.encs[i]
			if e.ReasonConditionID == "" || !f.match(e) {
				continue
			}
			d := e.StartTime.Date()
			k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == e.ReasonConditionID })
			if k < 0 || !cond.match(&v.conds[k]) || v.conds[k].onset >= d && !r.AnyOnset {
				continue
			}
			t.count(1)
			if slices.ContainsFunc(v.all, func(o models.Observation) bool {
				if !codes[o.SnomedCode] {
					return false
				}
				od := o.EffectiveTime.Date()
				return o.EncounterID == e.EncounterID || within > 0 && od > d-within && od < d+within
			}) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s encounter %s on %s about %s records none of %v", e.Setting, e.EncounterID, d, cond.label, r.Observations)
			})
		}
	}, nil
}
