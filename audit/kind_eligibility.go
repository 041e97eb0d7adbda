package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
)

// observation_eligibility: an observation recorded for someone its
// programme does not invite: of the other sex, or at an age outside `age`
// (a mammogram result for a man or a woman of 45; nineteenth review).
// Counts the observations of the key.
// With observation keys, the observations of each key count (the frailty
// categories coded under 65).
func compileObservationEligibility(_ *index, r *datasets.Rule) (evalFunc, error) {
	terms := map[string]string{} // SNOMED CT -> term
	for _, key := range append([]string{r.Observation.Key}, r.Observation.Keys...) {
		o, ok := datasets.ObservationByKey(key)
		if !ok || o.Snomed == "" {
			return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", key)
		}
		terms[o.Snomed] = o.Term
	}
	if r.Sex != "" && r.Sex != "female" && r.Sex != "male" {
		return nil, fmt.Errorf("sex must be female or male")
	}
	if r.Sex == "" && (r.Age == nil || !r.Age.Set()) {
		return nil, fmt.Errorf("needs sex or an age bound")
	}
	var age datasets.Range
	if r.Age != nil {
		age = *r.Age
	}
	return func(v *view, t *tally) {
		for i := range v.all {
			ob := &v.all[i]
			term, ok := terms[ob.SnomedCode]
			if !ok {
				continue
			}
			t.count(1)
			d := ob.EffectiveTime.Date()
			a := v.age(d)
			if (r.Sex == "" || v.p.Sex == r.Sex) && (!age.Set() || age.Holds(float64(a))) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s on %s for a %s aged %d", term, d, v.p.Sex, a)
			})
		}
	}, nil
}
