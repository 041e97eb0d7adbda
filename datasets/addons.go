package datasets

import (
	"fmt"
	"slices"
)

// AddOn is a medicine added to one already running at (or above) regimen
// step AtStep when a review of one of the conditions For records a reading
// of Observation above Above: ezetimibe beside atorvastatin 80 mg when total
// cholesterol stays above the secondary-prevention target (NICE NG238). The
// running medicine must have run for AfterDays first (its effect is judged
// after a few months); each review that finds the target missed adds it with
// Probability (the rest is inertia or a decline, model). Effects are the
// added medicine's effects on the state, as a treatment line's.
//
// Otherwise (h60d) is the reading the target is read from when the sample
// has no Observation: the LDL cholesterol a laboratory withholds at
// triglycerides above 4.5 leaves the non-HDL cholesterol (NICE NG238: LDL
// 2.0 or less, or non-HDL 2.6 or less). Observation may be a member of the
// panel of a reading the reviews record (the LDL of the lipid profile).
type AddOn struct {
	Medicine    string             `yaml:"medicine"`
	AtStep      int                `yaml:"at_step"`
	For         []string           `yaml:"for"`
	Observation string             `yaml:"observation"`
	Above       float64            `yaml:"above"`
	Otherwise   *AddOnReading      `yaml:"otherwise"`
	AfterDays   int                `yaml:"after_days"`
	Add         string             `yaml:"add"`
	Effects     map[string]float64 `yaml:"effects"`
	Probability float64            `yaml:"probability"`
	Source      string             `yaml:"source"`
}

// AddOnReading is a reading and the level above which it misses the target.
type AddOnReading struct {
	Observation string  `yaml:"observation"`
	Above       float64 `yaml:"above"`
}

// checkAddOns checks that every add-on names known medicines and conditions,
// an observation the conditions' reviews record, a probability and a source.
func (c *Catalogue) checkAddOns(conds map[string]bool, drugKnown func(string) error) error {
	byKey := map[string]*Condition{}
	for i := range c.Conditions {
		byKey[c.Conditions[i].Key] = &c.Conditions[i]
	}
	for _, a := range c.AddOns {
		where := "add_ons " + a.Add
		if err := drugKnown(a.Medicine); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if err := drugKnown(a.Add); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		read := []string{a.Observation}
		if a.Otherwise != nil {
			read = append(read, a.Otherwise.Observation)
		}
		if a.Otherwise != nil && a.Otherwise.Above <= 0 {
			return fmt.Errorf("%s: otherwise needs an observation and a level above 0", where)
		}
		for _, k := range read {
			if _, ok := c.Observations[k]; !ok {
				return fmt.Errorf("%s: unknown numeric observation %q", where, k)
			}
		}
		if a.Probability <= 0 || a.Probability > 1 || a.AfterDays < 0 || a.AtStep < 0 || a.Source == "" || len(a.For) == 0 {
			return fmt.Errorf("%s: needs for, a probability in (0, 1], after_days and at_step of 0 or more, and a source", where)
		}
		for k := range a.Effects {
			if _, ok := c.Observations[k]; !ok {
				return fmt.Errorf("%s: effect on unknown observation %q", where, k)
			}
		}
		for _, k := range a.For {
			if !conds[k] {
				return fmt.Errorf("%s: for names unknown condition %q", where, k)
			}
			for _, o := range read {
				if !c.reviewsRecord(byKey[k], o) {
					return fmt.Errorf("%s: %s reviews do not record %s", where, k, o)
				}
			}
		}
	}
	return nil
}

// reviewsRecord reports whether cond's reviews record observation key, as
// itself or as a member of the panel of one they record.
func (c *Catalogue) reviewsRecord(cond *Condition, key string) bool {
	for _, o := range cond.Reviews.Observations {
		if o == key || slices.Contains(c.Observations[o].Panel, key) {
			return true
		}
	}
	return false
}
