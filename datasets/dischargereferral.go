package datasets

import "fmt"

// DischargeReferral is a referral the hospital makes as it discharges a
// person admitted as an emergency for one of a condition's acute problems,
// which reaches the practice record with the discharge summary: pulmonary
// rehabilitation after an admission for an exacerbation of COPD (NICE
// NG115, QS10 statement 5; forty-seventh stop).
type DischargeReferral struct {
	After    []string `yaml:"after"`    // presentation keys of the admissions' reasons
	Recorded string   `yaml:"recorded"` // observation_codes.csv key of the referral
	Share    float64  `yaml:"share"`    // of such admissions, 0-1
	Source   string   `yaml:"source"`
}

// checkDischargeReferrals checks each condition's discharge referral: known
// presentations, a known code, a share in (0, 1] and a source.
func (c *Catalogue) checkDischargeReferrals() error {
	pres := map[string]bool{}
	for _, p := range c.Presentations {
		pres[p.Key] = true
	}
	for i := range c.Conditions {
		dr := c.Conditions[i].DischargeReferral
		if dr == nil {
			continue
		}
		where := "condition " + c.Conditions[i].Key + ": discharge_referral"
		if len(dr.After) == 0 || dr.Share <= 0 || dr.Share > 1 || dr.Source == "" {
			return fmt.Errorf("%s needs the admissions it follows (after), a share in (0, 1] and a source", where)
		}
		for _, k := range dr.After {
			if !pres[k] {
				return fmt.Errorf("%s: %q is not a presentation", where, k)
			}
		}
		if _, ok := ObservationByKey(dr.Recorded); !ok {
			return fmt.Errorf("%s: recorded %q is not in observation_codes.csv", where, dr.Recorded)
		}
	}
	return nil
}
