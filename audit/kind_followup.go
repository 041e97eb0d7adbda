package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_not_followed: a reading of the observation that meets its
// value test when the reading before it (no more than the observation's
// within_days earlier) met it too, a persistent abnormal result, with
// none of the followed_by observations recorded after it within the
// rule's within_days (two low white cell counts in a row and no film or
// referral; brief h56d). Only readings in the history window at least
// within_days before the end of the record count, and with `drug`, not
// those taken while a prescription of the set runs (methotrexate, whose
// own monitoring answers its counts). A reading whose previous one was
// itself counted is not counted again: the pair is one persistent result.
// Counts such readings.
func compileObservationNotFollowed(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.Observation == nil {
		return nil, fmt.Errorf("needs observation")
	}
	o := x.obsTest(*r.Observation)
	if !o.rng.Set() || o.within <= 0 {
		return nil, fmt.Errorf("observation needs a range and within_days (the most days between the two readings)")
	}
	if len(r.FollowedBy) == 0 || r.WithinDays <= 0 {
		return nil, fmt.Errorf("needs followed_by and within_days above 0")
	}
	next, err := followedByCodes(r)
	if err != nil {
		return nil, err
	}
	var unless *drugSet
	if r.Drug != nil {
		d := x.drugSet(*r.Drug)
		unless = &d
	}
	within := models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		rs := v.obs[o.slot]
		counted := false
		for k := 1; k < len(rs); k++ {
			prev, cur := rs[k-1], rs[k]
			pair := o.meets(prev) && o.meets(cur) && cur.day-prev.day <= models.Date(o.within)
			if !pair || counted {
				counted = counted && pair
				continue
			}
			if cur.day < v.windowStart || cur.day+within > v.end || unless != nil && unless.runsIn(v, cur.day, cur.day) {
				continue
			}
			counted = true
			t.count(1)
			found := false
			for i := range v.all {
				ob := &v.all[i]
				if d := ob.EffectiveTime.Date(); next[ob.SnomedCode] && d > cur.day && d <= cur.day+within {
					found = true
					break
				}
			}
			if !found {
				t.fail(func() string {
					return fmt.Sprintf("%s %g on %s after %g on %s, nothing of %v in the %d days after", o.key, cur.value, cur.day, prev.value, prev.day, r.FollowedBy, r.WithinDays)
				})
			}
		}
	}, nil
}
