package datasets

import "fmt"

// ReferAtRisk raises a complaint's referral share for people whose risk
// factors make its serious cause likely (h57b, issue 9): chest pain at 40
// and over in a person with hypertension, diabetes or who smokes is
// suspected angina, referred to the rapid access chest pain clinic (NICE
// CG95). From MinAge, a person who has one of Conditions by the day, or
// smokes when Smokers is set, is referred at Share (or the complaint's own
// share when that is higher).
type ReferAtRisk struct {
	MinAge     int      `yaml:"min_age"`
	Conditions []string `yaml:"conditions"`
	Smokers    bool     `yaml:"smokers"`
	Share      float64  `yaml:"share"`
	Source     string   `yaml:"source"`
}

// checkReferAtRisk checks each refer_at_risk: a complaint the GP refers,
// catalogue conditions or smokers, a share in (0, 1] and a source.
func (c *Catalogue) checkReferAtRisk() error {
	for i := range c.Presentations {
		pr := &c.Presentations[i]
		r := pr.ReferAtRisk
		if r == nil {
			continue
		}
		where := "presentation " + pr.Key + ": refer_at_risk"
		if !pr.Refers() || r.Share <= 0 || r.Share > 1 || r.Source == "" || r.MinAge < 0 || (len(r.Conditions) == 0 && !r.Smokers) {
			return fmt.Errorf("%s needs a referred complaint, conditions or smokers, a share in (0, 1] and a source", where)
		}
		for _, k := range r.Conditions {
			if _, ok := c.Condition(k); !ok {
				return fmt.Errorf("%s: unknown condition %q", where, k)
			}
		}
	}
	return nil
}
