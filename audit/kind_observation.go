package audit

import (
	"fmt"
	"math"
	"sort"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_pair: two observations recorded at the same instant (systolic
// and diastolic of one blood pressure) whose difference, first minus
// second, falls within `pair.difference`; with `pair.less`, less the other
// readings of the instant times their shares, and with `pair.beyond`, when
// that is further than it from 0 (a lipid profile whose parts do not add
// up); with `pair.first_value`, only pairs whose first reading is in it
// are tested, or, with no difference test, every pair counts and those
// whose first reading is in it fail (an LDL calculated at triglycerides
// above 4.5); with `drug`, not on a day a prescription of
// the set runs (an LDL under 1.0 off a statin). Counts pairs of readings.
func compileObservationPair(x *index, r *datasets.Rule) (evalFunc, error) {
	p := r.Pair
	tests := 0
	for _, set := range []bool{p.Difference.Set(), p.Beyond != nil} {
		if set {
			tests++
		}
	}
	if tests > 1 || tests == 0 && !p.FirstValue.Set() || p.First == p.Second || p.Beyond != nil && *p.Beyond < 0 {
		return nil, fmt.Errorf("pair needs two different observations and one of difference, beyond (not negative) or first_value")
	}
	less := make([]int, len(p.Less))
	for i, l := range p.Less {
		if l.Share <= 0 || l.Observation == p.First || l.Observation == p.Second {
			return nil, fmt.Errorf("pair less needs other observations with shares above 0")
		}
		less[i] = x.slot(l.Observation)
	}
	var unless *drugSet
	if r.Drug != nil {
		d := x.drugSet(*r.Drug)
		unless = &d
	}
	a, b := x.slot(p.First), x.slot(p.Second)
	fails := func(d float64) bool {
		switch {
		case p.Beyond != nil:
			return math.Abs(d) > *p.Beyond+1e-9
		case p.Difference.Set():
			return p.Difference.Holds(d)
		}
		return false
	}
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
				if !ra.has || !rb.has || tests > 0 && p.FirstValue.Set() && !p.FirstValue.Holds(ra.value) {
					continue
				}
				d, ok := ra.value-rb.value, true
				for k, s := range less {
					lv, found := valueAt(v.obs[s], ra.at)
					if !found {
						ok = false
						break
					}
					d -= p.Less[k].Share * lv
				}
				if !ok || unless != nil && unless.runsIn(v, ra.day, ra.day) {
					continue
				}
				t.count(1)
				if fails(d) || tests == 0 && p.FirstValue.Holds(ra.value) {
					t.fail(func() string {
						return fmt.Sprintf("%s %g / %s %g on %s (difference %.2f)", p.First, ra.value, p.Second, rb.value, ra.day, d)
					})
				}
			}
		}
	}, nil
}

// valueAt is the numeric reading of rs (in time order) recorded at at.
func valueAt(rs []reading, at models.Timestamp) (float64, bool) {
	k := sort.Search(len(rs), func(i int) bool { return rs[i].at >= at })
	for ; k < len(rs) && rs[k].at == at; k++ {
		if rs[k].has {
			return rs[k].value, true
		}
	}
	return 0, false
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
