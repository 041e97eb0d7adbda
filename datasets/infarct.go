package datasets

import "fmt"

// AfterInfarct is how a heart attack brings a person onto this register
// (heart failure; forty-eighth review): the echocardiogram of the stay
// (stay_tests, an infarct test of Observation) reads an ejection fraction
// of AtMost or less, heart failure with a reduced ejection fraction, which
// is diagnosed in the stay and followed by the condition's own care.
// DrawnShare is the share of the condition's target prevalence drawn
// directly; the rest comes from heart attacks (as after_fracture's).
type AfterInfarct struct {
	Event       string  `yaml:"event"`
	Observation string  `yaml:"observation"`
	AtMost      float64 `yaml:"at_most"`
	DrawnShare  float64 `yaml:"drawn_share"`
	Source      string  `yaml:"source"`
}

// checkAfterInfarct checks each condition's after_infarct: an onset
// event's key whose stay tests size Observation by the infarct, a limit
// and a source. At most one condition has it.
func (c *Catalogue) checkAfterInfarct() error {
	seen := ""
	for i := range c.Conditions {
		ai := c.Conditions[i].AfterInfarct
		if ai == nil {
			continue
		}
		where := "condition " + c.Conditions[i].Key + ": after_infarct"
		if seen != "" {
			return fmt.Errorf("%s: only one condition may have after_infarct (%s has)", where, seen)
		}
		seen = c.Conditions[i].Key
		if ai.AtMost <= 0 || ai.Source == "" || ai.DrawnShare <= 0 || ai.DrawnShare > 1 {
			return fmt.Errorf("%s needs at_most above 0, a drawn_share above 0 up to 1 and a source", where)
		}
		if c.StayTests == nil || !hasInfarctTest(c.StayTests.Tests, ai.Event, ai.Observation) {
			return fmt.Errorf("%s: no stay test of %s for %s with infarct", where, ai.Observation, ai.Event)
		}
	}
	return nil
}

// hasInfarctTest reports whether list sizes observation by the infarct at
// a contact about event.
func hasInfarctTest(list []EpisodeTest, event, observation string) bool {
	for _, t := range list {
		if t.Problem == event && t.Observation == observation && t.Infarct > 0 {
			return true
		}
	}
	return false
}
