package audit

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
)

// recorded_beside_drug: an observation with one of the `recorded` SNOMED CT
// codes (a reason for no treatment, as its code or coded value) recorded on
// a day a prescription of the drug set is issued, or runs on past: "Statin
// declined" beside a running statin, which a GP reads as a record that
// contradicts itself (brief h68b). An issue whose last day of supply is the
// code's day (the drug stopped at that review, the refusal coded after the
// stop) is not counted. Counts the coded observations.
func compileRecordedBesideDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	drug := x.drugSet(*r.Drug)
	codes := slices.Clone(r.Recorded)
	return func(v *view, t *tally) {
		for i := range v.all {
			o := &v.all[i]
			if !codedAs(o, codes) {
				continue
			}
			t.count(1)
			d := o.EffectiveTime.Date()
			for k := range v.rx {
				rx := &v.rx[k]
				// issued that day, or issued before it and supplied past it
				if !drug.match(rx) || rx.start > d || rx.start < d && rx.until <= d+1 {
					continue
				}
				t.fail(func() string {
					return fmt.Sprintf("%s recorded %s; %s issued %s, supplied to %s", cmp.Or(o.ValueDisplay, o.Description), d, x.rxName(rx), rx.start, rx.until-1)
				})
				break
			}
		}
	}, nil
}
