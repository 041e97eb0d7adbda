package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// drug_with_drug: a prescription of the first drug set issued (start date)
// while a prescription of the second set is active that day: a medicine
// that must not be added to another (zopiclone started at 80 or over
// beside an opioid, a gabapentinoid or a tricyclic; nineteenth review).
// A third set, when given, must be active that day too: an NSAID started
// beside an ACE inhibitor or ARB and a diuretic (the triple whammy;
// twenty-second review).
// With `age`, only issues at an age in range count; with `started`, only
// the issues that start the first drug (continuesCourse): a course begun
// before the other goes on. With `observation` (a key and within_days), the
// pair is a monitored interaction: it fails only when no reading of the key
// is recorded from the issue day to within_days after it (an INR after an
// antibiotic started beside warfarin; brief h56d), and issues fewer than
// within_days before the end of the record are not counted; it counts the
// pairs. Otherwise it counts prescriptions of the first set.
func compileDrugWithDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Drugs) != 2 && len(r.Drugs) != 3 {
		return nil, fmt.Errorf("drugs needs two or three sets: the medicine issued, and the one (or two) it must not be added to")
	}
	if err := optionalAge(r); err != nil {
		return nil, err
	}
	issued := x.drugSet(r.Drugs[0])
	var beside []drugSet
	for _, d := range r.Drugs[1:] {
		beside = append(beside, x.drugSet(d))
	}
	age, started := r.Age, r.Started
	var check *obsTest
	if r.Observation != nil {
		o := x.obsTest(*r.Observation)
		if o.within <= 0 || o.tests() || o.orMissing {
			return nil, fmt.Errorf("observation needs within_days (the days after the issue the check is due by) and no value test")
		}
		check = &o
	}
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !issued.match(rx) || age != nil && !age.Holds(float64(v.age(rx.start))) {
				continue
			}
			if started && continuesCourse(v, issued, rx) {
				continue
			}
			if check != nil && (rx.start < v.windowStart || rx.start+models.Date(check.within) > v.end) {
				continue
			}
			var runs []*rxRow
			for _, set := range beside {
				if o := issuedBeside(v, set, i); o != nil {
					runs = append(runs, o)
				}
			}
			if check == nil {
				t.count(1) // every issue of the medicine
			} else if len(runs) == len(beside) {
				t.count(1) // only the issues beside the other: the pairs to check
			}
			if check != nil && len(runs) == len(beside) {
				if _, found := v.latest(check.slot, rx.start+models.Date(check.within), check.within); found {
					continue // checked in time
				}
				t.fail(func() string {
					return fmt.Sprintf("%s issued %s while %s runs (from %s), no %s in the %d days after", x.rxName(rx), rx.start, x.rxName(runs[0]), runs[0].start, check.key, check.within)
				})
				continue
			}
			if check == nil && len(runs) == len(beside) {
				t.fail(func() string {
					msg := fmt.Sprintf("%s issued %s while", x.rxName(rx), rx.start)
					for k, o := range runs {
						if k > 0 {
							msg += " and"
						}
						msg += fmt.Sprintf(" %s runs (from %s)", x.rxName(o), o.start)
					}
					return msg
				})
			}
		}
	}, nil
}

// issuedBeside is a prescription of the set, other than issue i, active on
// issue i's start day; nil when none is.
func issuedBeside(v *view, set drugSet, i int) *rxRow {
	rx := &v.rx[i]
	for j := range v.rx {
		if o := &v.rx[j]; j != i && set.match(o) && o.start <= rx.start && rx.start < o.until {
			return o
		}
	}
	return nil
}
