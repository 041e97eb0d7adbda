package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// encounter_without_observation: an encounter of the settings (and
// encounter types; with `age`, at an age in the range) whose reason is a
// condition of the set diagnosed before its day (any_onset: whatever its
// onset) records none of the observations, and none lies within
// within_days of it either side when within_days is given (a blood test
// taken lately stands): a contact for a symptom of COPD with no oxygen
// saturation, of hypothyroidism with no TSH (brief h55f). With no
// observations named it records nothing at all: a telephone contact about
// asthma that asked nothing (h55c; one kind since stop 56, where two said
// nearly the same). Counts such encounters.
func compileEncounterWithoutObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	f, err := encFilterOf(r)
	if err != nil {
		return nil, err
	}
	if r.WithinDays < 0 || r.WithinDays > 0 && len(r.Observations) == 0 {
		return nil, fmt.Errorf("within_days must be 0 or more, and reads the observations named")
	}
	if err := optionalAge(r); err != nil {
		return nil, err
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
			if e.ReasonConditionID == "" || !f.match(e) || (r.Age != nil && !r.Age.Holds(float64(v.age(e.StartTime.Date())))) {
				continue
			}
			d := e.StartTime.Date()
			k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == e.ReasonConditionID })
			if k < 0 || !cond.match(&v.conds[k]) || v.conds[k].onset >= d && !r.AnyOnset {
				continue
			}
			t.count(1)
			if slices.ContainsFunc(v.all, func(o models.Observation) bool {
				if len(codes) == 0 {
					return o.EncounterID == e.EncounterID
				}
				if !codes[o.SnomedCode] {
					return false
				}
				od := o.EffectiveTime.Date()
				return o.EncounterID == e.EncounterID || within > 0 && od > d-within && od < d+within
			}) {
				continue
			}
			t.fail(func() string {
				if len(codes) == 0 {
					return fmt.Sprintf("%s encounter %s (%s) on %s about %s records nothing", e.Setting, e.EncounterID, e.TypeDisplay, d, cond.label)
				}
				return fmt.Sprintf("%s encounter %s on %s about %s records none of %v", e.Setting, e.EncounterID, d, cond.label, r.Observations)
			})
		}
	}, nil
}
