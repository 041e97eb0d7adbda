package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_repeat: a reading of `observation.key` dated fewer than
// `observation.within_days` days after the reading before it (HbA1c
// repeated weeks apart; eighteenth review). The pair that diagnoses a
// condition of `condition` is excused: a reading on the condition's onset
// day, and the reading before it that it confirms; so is, with
// `observation.confirm_at_least`, the repeat of a reading at that level or
// more (an HbA1c of 48 or more confirmed weeks later without symptoms,
// WHO 2011 / NICE NG28; h71f). Counts readings.
func compileObservationRepeat(x *index, r *datasets.Rule) (evalFunc, error) {
	o := r.Observation
	if o.WithinDays <= 0 || o.Range.Set() || o.Value != "" || o.OrMissing {
		return nil, fmt.Errorf("observation needs within_days (the least interval) and no value test")
	}
	slot, gap, cond := x.slot(o.Key), models.Date(o.WithinDays), x.condSet(*r.Condition)
	diagnoses := func(v *view, d models.Date) bool {
		for i := range v.conds {
			if c := &v.conds[i]; c.onset == d && cond.match(c) {
				return true
			}
		}
		return false
	}
	return func(v *view, t *tally) {
		rs := v.obs[slot]
		for i := range rs {
			t.count(1)
			if i == 0 || rs[i].day-rs[i-1].day >= gap || diagnoses(v, rs[i].day) {
				continue
			}
			if i+1 < len(rs) && rs[i+1].day-rs[i].day < gap && diagnoses(v, rs[i+1].day) {
				continue // the first reading the diagnosis confirms
			}
			if o.ConfirmAtLeast > 0 && rs[i-1].has && rs[i-1].value >= o.ConfirmAtLeast {
				continue // the repeat that confirms it, or not (h71f)
			}
			prev, cur := rs[i-1].day, rs[i].day
			t.fail(func() string {
				return fmt.Sprintf("%s on %s, %d days after the one on %s", o.Key, cur, cur-prev, prev)
			})
		}
	}, nil
}
