package datasets

import (
	"fmt"
	"slices"
)

// checkFound checks each condition's at_diagnosis.found: it needs a defining
// measurement, a source, and conditions whose reviews record that
// measurement (a review that does not measure it cannot find it). A
// condition that presents as an emergency (onset_event) is found there, so
// it may not have one: its admission is written before the reviews run.
func (c *Catalogue) checkFound() error {
	byKey := map[string]*Condition{}
	for i := range c.Conditions {
		byKey[c.Conditions[i].Key] = &c.Conditions[i]
	}
	for i := range c.Conditions {
		cond := &c.Conditions[i]
		if cond.Diagnosis == nil || cond.Diagnosis.Found == nil {
			continue
		}
		f := cond.Diagnosis.Found
		where := "condition " + cond.Key + ": at_diagnosis.found"
		if cond.DefinedBy == nil || f.Source == "" || f.AfterDays < 0 || len(f.AtReviewsOf) == 0 {
			return fmt.Errorf("%s needs defined_by, at_reviews_of, after_days of 0 or more and a source", where)
		}
		if f.Confirmed && cond.Diagnosis.Confirm == nil {
			return fmt.Errorf("%s: confirmed needs at_diagnosis.confirm (its uses_from and uses_within)", where)
		}
		if f.CodedShare < 0 || f.CodedShare > 1 || (f.CodedShare > 0 && f.CodedSource == "") {
			return fmt.Errorf("%s: coded_share must be 0-1, with a coded_source", where)
		}
		if cond.OnsetEvent != nil {
			return fmt.Errorf("%s: a condition with an onset_event is found at its admission", where)
		}
		for _, k := range f.AtReviewsOf {
			other, ok := byKey[k]
			if !ok || k == cond.Key {
				return fmt.Errorf("%s: at_reviews_of names %q, not another catalogue condition", where, k)
			}
			if !slices.Contains(other.Reviews.Observations, cond.DefinedBy.Observation) {
				return fmt.Errorf("%s: %s reviews do not record %s", where, k, cond.DefinedBy.Observation)
			}
		}
	}
	return nil
}
