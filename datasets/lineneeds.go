package datasets

import "fmt"

// LineNeeds holds a later treatment line back for people whose reading
// does not call for it: a mineralocorticoid receptor antagonist and an
// SGLT2 inhibitor are for heart failure with a reduced ejection fraction
// (NICE NG106 1.4), not for the preserved kind. The reading is the
// person's usual level of Observation with the condition's effects, at the
// diagnosis; a line that needs more is not reached, nor the lines after it.
type LineNeeds struct {
	Observation string   `yaml:"observation"`
	AtMost      *float64 `yaml:"at_most"`
	Source      string   `yaml:"source"`
}

// checkLineNeeds checks that each line's needs names a numeric observation,
// a level and a source, and is not on a first line (which a gate holds).
func (c *Catalogue) checkLineNeeds() error {
	for _, cond := range c.Conditions {
		for i, l := range cond.Treatment {
			n := l.Needs
			if n == nil {
				continue
			}
			if _, ok := c.Observations[n.Observation]; !ok || n.AtMost == nil || n.Source == "" || i == 0 {
				return fmt.Errorf("condition %s line %d: needs (a later line only) takes a numeric observation, at_most and a source", cond.Key, l.Line)
			}
		}
	}
	return nil
}
