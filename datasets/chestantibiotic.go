package datasets

import (
	"fmt"
	"slices"
)

// ChestAntibiotic decides whether a chest infection seen face to face at
// the practice is given an antibiotic on what the contact found and who the
// patient is (brief h72b, NICE NG120): an immediate antibiotic for a
// patient systemically unwell at the examination (any Unwell reading), or
// at higher risk of complications (a Comorbid condition held, or from an
// Older entry's age with at least its count of RiskFactors); none for the
// others. Before, every age band and every state was treated about half
// the time.
type ChestAntibiotic struct {
	Problem string `yaml:"problem"` // the presentation decided
	MinAge  int    `yaml:"min_age"`
	// Unwell: a reading at the contact at or over AtLeast, or under Below
	Unwell []ChestSign `yaml:"unwell"`
	// Comorbid: condition keys that put a patient at higher risk at any age
	Comorbid []string `yaml:"comorbid"`
	// RiskFactors: each a group of condition keys, one factor when any is
	// held; an emergency admission within AdmittedWithinDays is one more
	RiskFactors        [][]string    `yaml:"risk_factors"`
	AdmittedWithinDays int           `yaml:"admitted_within_days"`
	Older              []OlderFactor `yaml:"older"`
	Source             string        `yaml:"source"`
}

// ChestSign is one reading that shows a patient systemically unwell.
type ChestSign struct {
	Observation string   `yaml:"observation"`
	AtLeast     *float64 `yaml:"at_least"`
	Below       *float64 `yaml:"below"`
}

// OlderFactor: from MinAge, Factors risk factors put a patient at higher
// risk.
type OlderFactor struct {
	MinAge  int `yaml:"min_age"`
	Factors int `yaml:"factors"`
}

// checkChestAntibiotic checks the presentation, the readings (numeric
// observations, one bound each), the condition keys and the source.
func (c *Catalogue) checkChestAntibiotic() error {
	a := c.ChestAntibiotic
	if a == nil {
		return nil
	}
	if !slices.ContainsFunc(c.Presentations, func(p Presentation) bool { return p.Key == a.Problem }) {
		return fmt.Errorf("chest_antibiotic: %q is not a presentation", a.Problem)
	}
	for _, s := range a.Unwell {
		if _, ok := c.Observations[s.Observation]; !ok || (s.AtLeast == nil) == (s.Below == nil) {
			return fmt.Errorf("chest_antibiotic: %q needs a numeric observation and one of at_least, below", s.Observation)
		}
	}
	keys := slices.Clone(a.Comorbid)
	for _, g := range a.RiskFactors {
		keys = append(keys, g...)
	}
	for _, k := range keys {
		if _, ok := c.Condition(k); !ok {
			return fmt.Errorf("chest_antibiotic: %q is not a condition", k)
		}
	}
	if a.Source == "" || len(a.Unwell) == 0 {
		return fmt.Errorf("chest_antibiotic: needs its readings and a source")
	}
	return nil
}
