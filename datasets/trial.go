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
	// Withdrawn: where it helps, the drug is withdrawn this many days after
	// its start (least, most) once the attacks it prevents have settled
	// (migraine: consider stopping prophylaxis after 6-12 months of success);
	// zero: it goes on for good (montelukast in asthma).
	Withdrawn [2]int `yaml:"withdrawn_days"`
	Source    string `yaml:"source"`
}

// checkTrials checks every line's trial: a day range and a share in [0, 1]
// with a source, and a withdrawal, if any, after the review.
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
			// a withdrawal comes after the review that judged the drug to help
			if w := t.Withdrawn; w != [2]int{} && (w[0] <= t.Days[1] || w[1] < w[0]) {
				return fmt.Errorf("condition %s line %d: a trial's withdrawn_days [least, most] must come after its review days", cond.Key, l.Line)
			}
		}
	}
	return nil
}
