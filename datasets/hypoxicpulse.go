package datasets

import "fmt"

// HypoxicPulse couples the pulse taken at an acute contact to the oxygen
// saturation taken with it (brief h67h: a COPD patient read a heart rate of
// 58 beside a saturation of 85%). Acute hypoxaemia raises the heart rate
// about in proportion to the fall in saturation, so the pulse of a contact
// whose saturation is below the person's usual level rises by PerPoint beats
// a minute for each point of the fall. The usual level is the person's own
// (a COPD patient's is lower when well), and the pulse it rises from is the
// person's own that day (a beta-blocker's slowing kept).
type HypoxicPulse struct {
	// Observation is the pulse raised, Follows the saturation read.
	Observation string  `yaml:"observation"`
	Follows     string  `yaml:"follows"`
	PerPoint    float64 `yaml:"per_point"`
	Source      string  `yaml:"source"`
}

// checkHypoxicPulse checks that the coupling names two numeric observations,
// a rise above 0 and a source.
func (c *Catalogue) checkHypoxicPulse() error {
	h := c.HypoxicPulse
	if h == nil {
		return nil
	}
	for _, k := range []string{h.Observation, h.Follows} {
		if _, ok := c.Observations[k]; !ok {
			return fmt.Errorf("hypoxic_pulse: %q is not a numeric observation", k)
		}
	}
	if h.PerPoint <= 0 || h.Source == "" || h.Observation == h.Follows {
		return fmt.Errorf("hypoxic_pulse: needs two observations, a per_point rise above 0 and a source")
	}
	return nil
}
