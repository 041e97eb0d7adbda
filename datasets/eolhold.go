package datasets

import "fmt"

// EndOfLifeHold keeps a treatment line from starting once the person is in
// end-of-life care (on the palliative care register): the medicines that
// change a prognosis over years (an ACE inhibitor, beta-blocker, MRA or
// SGLT2 inhibitor in heart failure) are not begun in the last months of
// life, while a course already running goes on to the end-of-life medicines
// review, and a line for symptoms (a loop diuretic for congestion) has no
// hold (issue 9, session 55).
type EndOfLifeHold struct {
	Source string `yaml:"source"`
}

// checkEndOfLifeHolds checks that each line's hold has a source.
func (c *Catalogue) checkEndOfLifeHolds() error {
	for _, cond := range c.Conditions {
		for _, l := range cond.Treatment {
			if h := l.NotInEndOfLife; h != nil && h.Source == "" {
				return fmt.Errorf("condition %s line %d: not_in_end_of_life needs a source", cond.Key, l.Line)
			}
		}
	}
	return nil
}
