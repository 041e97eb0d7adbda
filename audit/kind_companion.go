package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
)

// drug_without_drug: a prescription of the first drug set issued (start
// date) when no prescription of the second set is active that day, unless a
// condition of `unless` is active then, or a code of `unless_recorded` is on
// the record by then: a medicine that only makes sense
// beside another (folic acid 5 mg beside methotrexate). With `age`, only
// prescriptions issued at an age in range count (an NSAID from 65 with a
// PPI). Counts prescriptions.
func compileDrugWithoutDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Drugs) != 2 {
		return nil, fmt.Errorf("drugs needs two sets: the medicine issued, and the one it must come with")
	}
	issued, with, unless := x.drugSet(r.Drugs[0]), x.drugSet(r.Drugs[1]), x.unlessSet(r)
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !issued.match(rx) {
				continue
			}
			if r.Age != nil && !r.Age.Holds(float64(v.age(rx.start))) {
				continue
			}
			t.count(1)
			if unless != nil && unless.activeAt(v, rx.start) != nil || recordedBy(v, r.UnlessRecorded, rx.start) {
				continue // excused: a condition of unless active, or a coded reason (vitamin D not taken) on the record by the issue
			}
			covered := false
			for j := range v.rx {
				if o := &v.rx[j]; with.match(o) && o.start <= rx.start && rx.start < o.until {
					covered = true
					break
				}
			}
			if !covered {
				t.fail(func() string {
					return fmt.Sprintf("%s issued %s with no %s running", x.rxName(rx), rx.start, with.label)
				})
			}
		}
	}, nil
}
