package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
)

// drug_with_drug: a prescription of the first drug set issued (start date)
// while a prescription of the second set is active that day: a medicine
// that must not be added to another (zopiclone started at 80 or over
// beside an opioid, a gabapentinoid or a tricyclic; nineteenth review).
// With `age`, only issues at an age in range count; with `started`, only
// the issues that start the first drug (continuesCourse): a course begun
// before the other goes on. Counts prescriptions.
func compileDrugWithDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Drugs) != 2 {
		return nil, fmt.Errorf("drugs needs two sets: the medicine issued, and the one it must not be added to")
	}
	if r.Age != nil && !r.Age.Set() {
		return nil, fmt.Errorf("age needs a bound (below, at_least, ...)")
	}
	issued, beside := x.drugSet(r.Drugs[0]), x.drugSet(r.Drugs[1])
	age, started := r.Age, r.Started
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !issued.match(rx) || age != nil && !age.Holds(float64(v.age(rx.start))) {
				continue
			}
			if started && continuesCourse(v, issued, rx) {
				continue
			}
			t.count(1)
			for j := range v.rx {
				if o := &v.rx[j]; j != i && beside.match(o) && o.start <= rx.start && rx.start < o.until {
					t.fail(func() string {
						return fmt.Sprintf("%s issued %s while %s runs (from %s)", x.rxName(rx), rx.start, x.rxName(o), o.start)
					})
					break
				}
			}
		}
	}, nil
}
