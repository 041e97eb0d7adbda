package datasets

import "fmt"

// LineNeeds holds a treatment line back for people whose reading does not
// call for it: an ACE inhibitor, a beta-blocker, a mineralocorticoid
// receptor antagonist and (until 2023) an SGLT2 inhibitor are for heart
// failure with a reduced ejection fraction (NICE NG106 1.4), not for the
// preserved kind, which has an SGLT2 inhibitor of its own (NICE TA902).
// The reading is the person's usual level of Observation with the
// condition's effects, at the diagnosis: at most AtMost, or above Above. A
// line that needs more is not reached, nor the lines of the chain after it
// (a line from the diagnosis is beside the chain); the first line's needs
// unmet, the person has none of the chain (seventeenth review).
type LineNeeds struct {
	Observation string   `yaml:"observation"`
	AtMost      *float64 `yaml:"at_most"`
	Above       *float64 `yaml:"above"`
	Source      string   `yaml:"source"`
}

// Met reports whether a reading v meets the needs.
func (n *LineNeeds) Met(v float64) bool {
	if n.AtMost != nil && v > *n.AtMost {
		return false
	}
	return n.Above == nil || v > *n.Above
}

// checkLineNeeds checks that each line's needs names a numeric observation,
// one level (at_most or above) and a source.
func (c *Catalogue) checkLineNeeds() error {
	for _, cond := range c.Conditions {
		for _, l := range cond.Treatment {
			n := l.Needs
			if n == nil {
				continue
			}
			if _, ok := c.Observations[n.Observation]; !ok || (n.AtMost == nil) == (n.Above == nil) || n.Source == "" {
				return fmt.Errorf("condition %s line %d: needs takes a numeric observation, at_most or above, and a source", cond.Key, l.Line)
			}
		}
	}
	return nil
}
