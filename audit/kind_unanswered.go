package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// reading_not_acted_on: a reading of the observation that meets its value
// test, taken at an encounter of the settings whose reason is a condition
// of one of the `conditions` sets (another condition's review), in a
// person with a condition of `condition` diagnosed by then, with nothing
// in the rule's within_days after it: no new product of the drug set (a
// drug or dose not issued in the 30 days before its start), no later
// reading of the followed_by observations on a later day, and no
// unless_recorded code from a year before the reading to the end of the
// days (a systolic of 160 or more at a CHD review of a person with
// hypertension, with no step, repeat reading or coded decline; brief
// h60b). Readings in the history window at least within_days before the
// end of the record count; with `unless`, not those of a person with a
// condition of that set by the end of the days (the palliative care
// register). Counts such readings.
func compileReadingNotActedOn(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.Observation == nil || r.Condition == nil || r.Drug == nil || len(r.Conditions) == 0 {
		return nil, fmt.Errorf("needs observation, condition, conditions and drug")
	}
	o, oc, err := rangedReading(x, r)
	if err != nil {
		return nil, err
	}
	if len(r.FollowedBy) == 0 || r.WithinDays <= 0 {
		return nil, fmt.Errorf("needs followed_by and within_days above 0")
	}
	next, err := followedByCodes(r)
	if err != nil {
		return nil, err
	}
	held, drug, within := x.condSet(*r.Condition), x.drugSet(*r.Drug), models.Date(r.WithinDays)
	var at []condSet
	for _, c := range r.Conditions {
		at = append(at, x.condSet(c))
	}
	var unless *condSet
	if r.Unless != nil {
		u := x.condSet(*r.Unless)
		unless = &u
	}
	var on *drugSet
	if r.On != nil { // only readings taken while the set runs (insulin: h63c)
		o := x.drugSet(*r.On)
		on = &o
	}
	return func(v *view, t *tally) {
		for _, rd := range v.obs[o.slot] {
			d := rd.day
			if !o.meets(rd) || d < v.windowStart || d+within > v.end || !heldBy(v, held, d) || unless != nil && heldBy(v, *unless, d+within) {
				continue
			}
			if r.Age != nil && !r.Age.Holds(float64(v.age(d))) {
				continue // a child's peak flow is low for their size, not their asthma (h61d)
			}
			if on != nil && !on.runsIn(v, d, d) {
				continue // not on the treatment the rule is about (basal insulin)
			}
			e := readingEncounter(v, oc.Snomed, rd.at)
			if e == nil || !slices.Contains(r.Settings, e.Setting) || !reasonIn(v, at, e.ReasonConditionID) {
				continue
			}
			t.count(1)
			if newProductWithin(v, drug, d, d+within) || recordedWithin(v, next, d+1, d+within, false) ||
				recordedWithin(v, codeSet(r.UnlessRecorded), d-365, d+within, true) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s %g on %s at a review of another condition; no new %s, %v or recorded reason by %s", o.key, rd.value, d, drug.label, r.FollowedBy, d+within)
			})
		}
	}, nil
}

// heldBy reports whether a condition of the set began on or before day d.
func heldBy(v *view, set condSet, d models.Date) bool {
	for i := range v.conds {
		if c := &v.conds[i]; set.match(c) && c.onset <= d {
			return true
		}
	}
	return false
}

// readingEncounter is the encounter that recorded the observation of code
// at time at, or nil.
func readingEncounter(v *view, code string, at models.Timestamp) *models.Encounter {
	for i := range v.all {
		ob := &v.all[i]
		if ob.SnomedCode != code || ob.EffectiveTime != at {
			continue
		}
		for j := range v.encs {
			if v.encs[j].EncounterID == ob.EncounterID {
				return &v.encs[j]
			}
		}
	}
	return nil
}

// reasonIn reports whether condition id is of one of the sets.
func reasonIn(v *view, sets []condSet, id string) bool {
	for i := range v.conds {
		if c := &v.conds[i]; c.id == id {
			for k := range sets {
				if sets[k].match(c) {
					return true
				}
			}
		}
	}
	return false
}

// newProductWithin reports whether a prescription of the set starts
// between from and to whose product and dose text were not issued in the
// 30 days before its start: a new drug or dose, not a repeat.
func newProductWithin(v *view, set drugSet, from, to models.Date) bool {
	for i := range v.rx {
		rx := &v.rx[i]
		if !set.match(rx) || rx.start < from || rx.start > to {
			continue
		}
		repeat := false
		for j := range v.rx {
			// the same product at the same dose: insulin's doses share one
			// product, its dose text names the units (h63c)
			if o := &v.rx[j]; j != i && o.product == rx.product && o.dose == rx.dose && o.start < rx.start && o.until >= rx.start-30 {
				repeat = true
				break
			}
		}
		if !repeat {
			return true
		}
	}
	return false
}

// recordedWithin reports whether an observation of the codes (with coded,
// also as a coded value) is recorded from day from to day to.
func recordedWithin(v *view, codes map[string]bool, from, to models.Date, coded bool) bool {
	for i := range v.all {
		ob := &v.all[i]
		if d := ob.EffectiveTime.Date(); d >= from && d <= to && (codes[ob.SnomedCode] || coded && codes[ob.ValueCode]) {
			return true
		}
	}
	return false
}

// codeSet is a set of the codes.
func codeSet(codes []string) map[string]bool {
	s := make(map[string]bool, len(codes))
	for _, c := range codes {
		s[c] = true
	}
	return s
}

// rangedReading is the rule's observation with its value range and the
// SNOMED CT code its readings carry: a reading kind's test (a raised
// pressure not acted on, not admitted).
func rangedReading(x *index, r *datasets.Rule) (obsTest, datasets.ObservationCode, error) {
	o := x.obsTest(*r.Observation)
	if !o.rng.Set() {
		return o, datasets.ObservationCode{}, fmt.Errorf("observation needs a range")
	}
	oc, ok := datasets.ObservationByKey(o.key)
	if !ok || oc.Snomed == "" {
		return o, oc, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", o.key)
	}
	return o, oc, nil
}
