package datasets

import "fmt"

// LineTrial makes a treatment line a trial: the drug is reviewed some
// weeks after it starts and stopped unless it helped (NICE NG245: a
// leukotriene receptor antagonist added for uncontrolled asthma is a trial;
// review the response and stop it if it has not helped). The line then
// counts as tried: the pathway does not start it again.
type LineTrial struct {
	Days      [2]int  `yaml:"days"`      // the review that judges it: least and most days after the start
	Continues float64 `yaml:"continues"` // share of people in whom it helps and goes on
	Source    string  `yaml:"source"`
}

// checkTrials checks every line's trial: a day range and a share in [0, 1]
// with a source.
func (c *Catalogue) checkTrials() error {
	for _, cond := range c.Conditions {
		for _, l := range cond.Treatment {
			t := l.Trial
			if t == nil {
				continue
			}
			if t.Days[0] <= 0 || t.Days[1] < t.Days[0] || t.Continues < 0 || t.Continues > 1 || t.Source == "" {
				return fmt.Errorf("condition %s line %d: a trial needs days [least, most] above 0, continues in [0, 1] and a source", cond.Key, l.Line)
			}
		}
	}
	return nil
}
