package datasets

import "fmt"

// Difference is an observation read as another's reading less others at
// the same visit: non-HDL cholesterol is the total less the HDL; the
// calculated LDL (Friedewald) is the total less the HDL less the
// triglycerides over 2.2 in mmol/L.
type Difference struct {
	Of     string     `yaml:"of"`
	Less   []LessPart `yaml:"less"`
	Source string     `yaml:"source"`
}

// LessPart is one observation a Difference takes off, times Share.
type LessPart struct {
	Observation string  `yaml:"observation"`
	Share       float64 `yaml:"share"`
}

// checkPanel checks an observation's panel and difference: a panel names
// numeric observations that have no panel of their own (a sample reports
// them once); a difference is made of plain numeric observations.
func (c *Catalogue) checkPanel(key string, m ObsModel) error {
	for _, k := range m.Panel {
		o, ok := c.Observations[k]
		if !ok || k == key || len(o.Panel) > 0 {
			return fmt.Errorf("observation %q: panel member %q must be another numeric observation with no panel", key, k)
		}
	}
	d := m.Difference
	if d == nil {
		return nil
	}
	plain := func(k string) bool {
		o, ok := c.Observations[k]
		return ok && k != key && o.DerivedFrom == "" && o.Quotient == nil && o.Difference == nil
	}
	if !plain(d.Of) || len(d.Less) == 0 || d.Source == "" || m.DerivedFrom != "" || m.Quotient != nil {
		return fmt.Errorf("observation %q: difference needs a plain numeric observation, what it takes off and a source", key)
	}
	for _, l := range d.Less {
		if !plain(l.Observation) || l.Share <= 0 {
			return fmt.Errorf("observation %q: difference takes off plain numeric observations, each with a share above 0", key)
		}
	}
	return nil
}
