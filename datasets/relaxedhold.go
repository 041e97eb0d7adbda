package datasets

import "fmt"

// RelaxedHold keeps a treatment line from starting while the care target's
// relaxed level (step_down) holds for the person: mealtime insulin is not
// begun in the very old, the frail or the dying, whose HbA1c target is
// relaxed and whose regimen is simplified (brief h70g: 13 people with type
// 2 diabetes aged 80 and over started on mealtime insulin, one at 98 in
// severe frailty with dementia).
type RelaxedHold struct {
	Source string `yaml:"source"`
}

// checkRelaxedHolds checks that each line's hold has a source and that its
// condition has a relaxed target to hold by.
func (c *Catalogue) checkRelaxedHolds() error {
	for _, cond := range c.Conditions {
		for _, l := range cond.Treatment {
			h := l.NotWhenRelaxed
			if h == nil {
				continue
			}
			if h.Source == "" {
				return fmt.Errorf("condition %s line %d: not_when_relaxed needs a source", cond.Key, l.Line)
			}
			if t := cond.CareTarget; t == nil || t.StepDown == nil || t.StepDown.Above == 0 {
				return fmt.Errorf("condition %s line %d: not_when_relaxed needs a care_target step_down with above", cond.Key, l.Line)
			}
		}
	}
	return nil
}
