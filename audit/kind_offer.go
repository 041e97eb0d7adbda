package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// drug_after_observation: the first reading meeting `where` inside the
// history window, at least within_days before the end of the record, in
// someone with none of the `unless` conditions diagnosed by the as-of date
// (held or resolved: a later diagnosis whose own pathway answers counts),
// at an age in population_age when given. It fails when no prescription of
// the drug set is active at any time from the reading to within_days after
// it and nothing of unless_recorded is coded then: a risk score of 10% or
// more at a health check with no statin and no decline (twenty-first
// review). Counts patients.
func compileDrugAfterObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 {
		return nil, fmt.Errorf("within_days must be positive")
	}
	where, err := x.whereTest(r)
	if err != nil {
		return nil, err
	}
	if where.value != "" {
		return nil, fmt.Errorf("where needs a numeric test")
	}
	drug, within := x.drugSet(*r.Drug), models.Date(r.WithinDays)
	var unless *condSet
	if r.Unless != nil {
		u := x.condSet(*r.Unless)
		unless = &u
	}
	return func(v *view, t *tally) {
		var first *reading
		for i, rd := range v.obs[where.slot] {
			if rd.day >= v.windowStart && rd.has && where.meets(rd) {
				first = &v.obs[where.slot][i]
				break
			}
		}
		if first == nil || first.day+within > v.end {
			return
		}
		if r.PopulationAge != nil && !r.PopulationAge.Holds(float64(v.age(first.day))) {
			return
		}
		if unless != nil {
			for i := range v.conds {
				if c := &v.conds[i]; unless.match(c) && c.onset <= v.asOf {
					return
				}
			}
		}
		t.count(1)
		if drug.runsIn(v, first.day, first.day+within) {
			return
		}
		for i := range v.all {
			o := &v.all[i]
			if d := o.EffectiveTime.Date(); d >= first.day && d <= first.day+within && (slices.Contains(r.UnlessRecorded, o.SnomedCode) || slices.Contains(r.UnlessRecorded, o.ValueCode)) {
				return
			}
		}
		t.fail(func() string {
			return fmt.Sprintf("%s; no %s or recorded decline by %s", where.describe(*first, true), drug.label, first.day+within)
		})
	}, nil
}
