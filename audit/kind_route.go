package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_without_observation: an observation of the first list (a
// suspected-cancer referral) with none of the second (its presenting
// symptom) recorded on the same day or in the within_days before it
// (twentieth review). Counts the observations of the first list recorded
// in the history window. With followed_by in place of preceded_by (brief
// h58b), none of those recorded after it, to within_days after it (a
// referral with no outcome); only observations at least within_days
// before the end of the record are counted, and with `condition`, one
// followed by a condition of the set beginning in those days is excused
// (a referral that found a cancer).
func compileObservationWithoutObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	codes := func(keys []string) (map[string]bool, error) {
		out := map[string]bool{}
		for _, k := range keys {
			o, ok := datasets.ObservationByKey(k)
			if !ok || o.Snomed == "" {
				return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", k)
			}
			out[o.Snomed] = true
		}
		return out, nil
	}
	checked, err := codes(r.Observations)
	if err != nil {
		return nil, err
	}
	if (len(r.PrecededBy) > 0) == (len(r.FollowedBy) > 0) {
		return nil, fmt.Errorf("needs one of preceded_by and followed_by")
	}
	if len(r.FollowedBy) > 0 {
		return compileObservationNotAnswered(x, r, checked, codes)
	}
	before, err := codes(r.PrecededBy)
	if err != nil {
		return nil, err
	}
	if len(checked) == 0 || len(before) == 0 || r.WithinDays < 0 {
		return nil, fmt.Errorf("needs observations, preceded_by and within_days of 0 or more")
	}
	within := models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		for i := range v.all {
			ob := &v.all[i]
			if !checked[ob.SnomedCode] {
				continue
			}
			d := ob.EffectiveTime.Date()
			if d < v.windowStart {
				continue
			}
			t.count(1)
			found := false
			for k := range v.all {
				p := &v.all[k]
				if before[p.SnomedCode] && p.EffectiveTime <= ob.EffectiveTime && p.EffectiveTime.Date() >= d-within {
					found = true
					break
				}
			}
			if !found {
				t.fail(func() string {
					return fmt.Sprintf("%s on %s with none of the preceding observations in the %d days before", ob.Description, d, r.WithinDays)
				})
			}
		}
	}, nil
}

// compileObservationNotAnswered is observation_without_observation with
// followed_by: an observation of the set with none of followed_by recorded
// at it or in the within_days after, nor (with condition) a condition of
// the set beginning then.
func compileObservationNotAnswered(x *index, r *datasets.Rule, checked map[string]bool, codes func([]string) (map[string]bool, error)) (evalFunc, error) {
	after, err := codes(r.FollowedBy)
	if err != nil {
		return nil, err
	}
	if len(checked) == 0 || len(after) == 0 || r.WithinDays < 1 {
		return nil, fmt.Errorf("needs observations, followed_by and within_days of 1 or more")
	}
	var cond *condSet
	if r.Condition != nil {
		c := x.condSet(*r.Condition)
		cond = &c
	}
	// observation (h60d): only results in its range count (a triglyceride
	// above 10), and a later result of the same test answers one
	var rng *datasets.Range
	if o := r.Observation; o != nil {
		if !o.Range.Set() || o.Value != "" || o.WithinDays != 0 || o.OrMissing {
			return nil, fmt.Errorf("observation: a range alone (the results that count)")
		}
		rng = &o.Range
	}
	within := models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		for i := range v.all {
			ob := &v.all[i]
			d := ob.EffectiveTime.Date()
			if !checked[ob.SnomedCode] || d < v.windowStart || d+within > v.end {
				continue
			}
			if rng != nil && (ob.Value == nil || !rng.Holds(*ob.Value)) {
				continue
			}
			t.count(1)
			found := false
			for k := range v.all {
				p := &v.all[k]
				if p.SnomedCode == ob.SnomedCode && p.EffectiveTime == ob.EffectiveTime {
					continue // the result itself
				}
				if after[p.SnomedCode] && p.EffectiveTime >= ob.EffectiveTime && p.EffectiveTime.Date() <= d+within {
					found = true
					break
				}
			}
			for k := range v.conds {
				if c := &v.conds[k]; !found && cond != nil && cond.match(c) && c.onset >= d && c.onset <= d+within {
					found = true
				}
			}
			if !found {
				t.fail(func() string {
					return fmt.Sprintf("%s on %s with none of the outcomes in the %d days after", ob.Description, d, r.WithinDays)
				})
			}
		}
	}, nil
}

// diagnosed_in: a problem of the condition set diagnosed in the history
// window whose diagnosing encounter (diagnosis_encounter_id) is of the
// settings (and admission methods): a cancer diagnosed after an emergency
// presentation, at A&E or an emergency admission (twentieth review); with
// classes, of those encounter classes (otitis media by telephone, h66d).
// Counts the problems of the set whose onset is in the window and whose
// diagnosing encounter is in the record.
func compileDiagnosedIn(x *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	methods := r.AdmissionMethods
	if r.AgeDays != nil && !r.AgeDays.Set() {
		return nil, fmt.Errorf("age_days needs a bound")
	}
	cond := x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		for i := range v.conds {
			c := &v.conds[i]
			if !cond.match(c) || c.diag == "" || c.onset < v.windowStart {
				continue
			}
			if r.AgeDays != nil && !r.AgeDays.Holds(float64(c.onset-v.p.BirthDate)) {
				continue
			}
			var enc *models.Encounter
			for k := range v.encs {
				if v.encs[k].EncounterID == c.diag {
					enc = &v.encs[k]
					break
				}
			}
			if enc == nil {
				continue
			}
			t.count(1)
			// admission methods narrow inpatient encounters only: an A&E
			// attendance has none
			// classes narrow it to a kind of contact (a telephone call, h66d)
			if settings[enc.Setting] && (len(methods) == 0 || enc.Setting != "inpatient" || slices.Contains(methods, enc.AdmissionMethod)) && (len(r.Classes) == 0 || slices.Contains(r.Classes, enc.Class)) {
				t.fail(func() string {
					return fmt.Sprintf("%s (%s) diagnosed in %s on %s, at %d days old", cond.label, strings.TrimSpace(c.code), enc.Setting, enc.StartTime.Date(), c.onset-v.p.BirthDate)
				})
			}
		}
	}, nil
}
