package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_not_investigated: a reading of the observation that meets
// its value test, taken at an encounter of the settings in the history
// window at least the rule's within_days before the end of the record,
// and not while a prescription of the `drug` set runs (the medicine that
// explains it), with none of the followed_by observations recorded from
// its day to within_days after: a pulse under 50 on no rate-slowing
// medicine with no ECG in 30 days (h60c). A reading with one of them in
// the observation's within_days before it was investigated already (the
// usual slow pulse of a person whose ECG was done last month) and is not
// counted. Counts such readings.
func compileObservationNotInvestigated(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.Observation == nil {
		return nil, fmt.Errorf("needs observation")
	}
	o := x.obsTest(*r.Observation)
	if !o.rng.Set() || o.within <= 0 {
		return nil, fmt.Errorf("observation needs a range and within_days (the days before it in which an investigation answers it)")
	}
	if len(r.FollowedBy) == 0 || r.WithinDays <= 0 {
		return nil, fmt.Errorf("needs followed_by and within_days above 0")
	}
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	next, err := followedByCodes(r)
	if err != nil {
		return nil, err
	}
	code, ok := datasets.ObservationByKey(o.key)
	if !ok || code.Snomed == "" {
		return nil, fmt.Errorf("observation %q has no SNOMED CT code", o.key)
	}
	var unless *drugSet
	if r.Drug != nil {
		d := x.drugSet(*r.Drug)
		unless = &d
	}
	within, before := models.Date(r.WithinDays), models.Date(o.within)
	// investigated reports whether a followed_by observation lies in [from, to].
	investigated := func(v *view, from, to models.Date) bool {
		for i := range v.all {
			if ob := &v.all[i]; next[ob.SnomedCode] {
				if d := ob.EffectiveTime.Date(); d >= from && d <= to {
					return true
				}
			}
		}
		return false
	}
	return func(v *view, t *tally) {
		setting := make(map[string]string, len(v.encs))
		for i := range v.encs {
			setting[v.encs[i].EncounterID] = v.encs[i].Setting
		}
		for i := range v.all {
			ob := &v.all[i]
			if ob.SnomedCode != code.Snomed || ob.Value == nil || !settings[setting[ob.EncounterID]] {
				continue
			}
			d := ob.EffectiveTime.Date()
			if !o.rng.Holds(*ob.Value) || d < v.windowStart || d+within > v.end || unless != nil && unless.runsIn(v, d, d) || investigated(v, d-before, d-1) {
				continue
			}
			t.count(1)
			if !investigated(v, d, d+within) {
				val := *ob.Value
				t.fail(func() string {
					return fmt.Sprintf("%s %g on %s, nothing of %v in the %d days after", o.key, val, d, r.FollowedBy, r.WithinDays)
				})
			}
		}
	}, nil
}
