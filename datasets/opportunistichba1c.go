package datasets

import "fmt"

// OpportunisticHbA1c says when a GP contact outside the routine reviews
// (generator/activity.go gpOther) takes an HbA1c. From FromAge, a share
// (Share) of adult contacts are drawn for one, and it is taken only where
// there is a reason: an NHS Health Check of someone at risk of diabetes
// (a blood pressure at or above SystolicAtLeast or a BMI at or above
// BMIAtLeast, the programme's filters), or a contact about one of Reasons
// (diabetes and non-diabetic hyperglycaemia: their care; tiredness: the
// bloods that look for its cause). Before, the draw alone took it: an
// HbA1c at 4% of contacts from 40 whatever the problem (eczema, a UTI).
type OpportunisticHbA1c struct {
	FromAge         int      `yaml:"from_age"`
	Share           float64  `yaml:"share"`
	SystolicAtLeast float64  `yaml:"systolic_at_least"`
	BMIAtLeast      float64  `yaml:"bmi_at_least"`
	Reasons         []string `yaml:"reasons"`
	Source          string   `yaml:"source"`
}

// checkOpportunisticHbA1c: a share in [0, 1], thresholds above 0, reasons
// that are conditions of the catalogue, and a cited source.
func (c *Catalogue) checkOpportunisticHbA1c() error {
	o := c.Activity.OpportunisticHbA1c
	if o.Share < 0 || o.Share > 1 || o.FromAge <= 0 || o.SystolicAtLeast <= 0 || o.BMIAtLeast <= 0 || o.Source == "" {
		return fmt.Errorf("activity.opportunistic_hba1c: need from_age, systolic_at_least and bmi_at_least above 0, share in [0, 1], and a source")
	}
	episodes := c.episodeKeys()
	for _, k := range o.Reasons {
		if _, ok := c.Condition(k); !ok && !episodes[k] {
			return fmt.Errorf("activity.opportunistic_hba1c: reason %q is no condition or presentation of the catalogue", k)
		}
	}
	return nil
}
