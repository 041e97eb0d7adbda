package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// drug_without_drug: a prescription of the first drug set issued (start
// date) when no prescription of the second set is active that day, unless a
// condition of `unless` is active then, or a code of `unless_recorded` is on
// the record by then: a medicine that only makes sense
// beside another (folic acid 5 mg beside methotrexate). With `age`, only
// prescriptions issued at an age in range count (an NSAID from 65 with a
// PPI). With `started`, only the issues that start the medicine (none of
// the first set active in the 28 days before; colchicine cover when
// urate-lowering therapy starts). With `sex`, only the patients of that sex
// are read (methotrexate issued to a woman of childbearing age with no
// contraception running, brief h63a). Counts prescriptions.
func compileDrugWithoutDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Drugs) != 2 {
		return nil, fmt.Errorf("drugs needs two sets: the medicine issued, and the one it must come with")
	}
	if r.Sex != "" && r.Sex != "female" && r.Sex != "male" {
		return nil, fmt.Errorf("sex must be female or male")
	}
	issued, with, unless, sex := x.drugSet(r.Drugs[0]), x.drugSet(r.Drugs[1]), x.unlessSet(r), r.Sex
	return func(v *view, t *tally) {
		if sex != "" && v.p.Sex != sex {
			return
		}
		for i := range v.rx {
			rx := &v.rx[i]
			if !issued.match(rx) {
				continue
			}
			if r.Age != nil && !r.Age.Holds(float64(v.age(rx.start))) {
				continue
			}
			if r.Started && continuesCourse(v, issued, rx) {
				continue
			}
			t.count(1)
			if unless != nil && unless.activeAt(v, rx.start) != nil || recordedBy(v, r.UnlessRecorded, reasonBy(v, rx)) {
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

// reasonBy is the day by which a coded reason for an issue must be on the
// record: the issue's own day, or, for an authorisation in force when the
// record opens (made before the window, when nothing is written), the
// review that ends it, the first at which the reason can be written.
func reasonBy(v *view, rx *rxRow) models.Date {
	if rx.start < v.windowStart && rx.until != models.NoDate {
		return rx.until
	}
	return rx.start
}
