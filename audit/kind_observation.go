package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_pair: two observations recorded at the same instant (systolic
// and diastolic of one blood pressure) whose difference, first minus
// second, falls within `pair.difference`. Counts pairs of readings.
func compileObservationPair(x *index, r *datasets.Rule) (evalFunc, error) {
	p := r.Pair
	if !p.Difference.Set() || p.First == p.Second {
		return nil, fmt.Errorf("pair needs two different observations and a difference bound")
	}
	a, b, diff := x.slot(p.First), x.slot(p.Second), p.Difference
	return func(v *view, t *tally) {
		as, bs := v.obs[a], v.obs[b]
		for i, j := 0, 0; i < len(as) && j < len(bs); {
			switch {
			case as[i].at < bs[j].at:
				i++
			case as[i].at > bs[j].at:
				j++
			default:
				ra, rb := as[i], bs[j]
				i, j = i+1, j+1
				if !ra.has || !rb.has {
					continue
				}
				t.count(1)
				if diff.Holds(ra.value - rb.value) {
					t.fail(func() string {
						return fmt.Sprintf("%s %g / %s %g on %s", p.First, ra.value, p.Second, rb.value, ra.day)
					})
				}
			}
		}
	}, nil
}

// condition_vs_observation, mode with: while a condition of the set is
// active, a run of consecutive readings all meeting the test, at least
// `min_readings` (default 2) long and spanning `for_days` or more (coded
// CKD stage 3 while eGFR stays below 30). Denominator: patients with the
// condition.
//
// Mode without: such a run, over the whole record, with no condition of the
// set active at any time from the run's first reading until `grace_days`
// after its last (undiagnosed disease). Runs ending within grace_days of the
// end of the record are not yet due. Denominator: patients with a run.
// Counts patients.
func compileConditionVsObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	with, err := mode(r)
	if err != nil {
		return nil, err
	}
	obs, cond := x.obsTest(*r.Observation), x.condSet(*r.Condition)
	if !obs.tests() || obs.within > 0 || obs.orMissing {
		return nil, fmt.Errorf("observation needs a value test, and takes for_days/min_readings rather than within_days/or_missing")
	}
	if with && r.GraceDays != 0 {
		return nil, fmt.Errorf("grace_days is for mode without")
	}
	grace := models.Date(r.GraceDays)
	if with {
		return func(v *view, t *tally) {
			counted := false
			for i := range v.conds {
				c := &v.conds[i]
				if !cond.match(c) {
					continue
				}
				if !counted {
					t.count(1)
					counted = true
				}
				if from, to, ok := obs.run(v.obs[obs.slot], c.onset, c.until); ok {
					t.fail(func() string {
						return fmt.Sprintf("%s coded %s (from %s) while %s %s from %s to %s", cond.label, c.code, c.onset, obs.key, obs.rng, from, to)
					})
					return
				}
			}
		}, nil
	}
	return func(v *view, t *tally) {
		rs := v.obs[obs.slot]
		lo := 0
		counted := false
		for lo < len(rs) {
			from, to, ok := obs.run(rs[lo:], 0, forever)
			if !ok || to+grace > v.end {
				return
			}
			if !counted {
				t.count(1)
				counted = true
			}
			if !coded(v, &cond, from, to+grace) {
				t.fail(func() string {
					return fmt.Sprintf("%s %s from %s to %s; no %s by %s", obs.key, obs.rng, from, to, cond.label, to+grace)
				})
				return
			}
			for lo < len(rs) && rs[lo].day <= to { // look for a later run
				lo++
			}
		}
	}, nil
}

// run finds the first run of consecutive readings dated in [from, until)
// that all meet the test, with at least minReadings readings spanning at
// least forDays; it returns the run's first and last days.
func (t *obsTest) run(rs []reading, from, until models.Date) (models.Date, models.Date, bool) {
	n, start := 0, models.Date(0)
	for _, r := range rs {
		if r.day < from {
			continue
		}
		if r.day >= until {
			break
		}
		if !t.meets(r) {
			n = 0
			continue
		}
		if n == 0 {
			start = r.day
		}
		n++
		if n >= t.minReadings && r.day-start >= models.Date(t.forDays) {
			return start, r.day, true
		}
	}
	return 0, 0, false
}

// coded reports whether a condition of the set is active at some time in
// [from, to].
func coded(v *view, cond *condSet, from, to models.Date) bool {
	for i := range v.conds {
		c := &v.conds[i]
		if cond.match(c) && c.onset <= to && c.until > from {
			return true
		}
	}
	return false
}
