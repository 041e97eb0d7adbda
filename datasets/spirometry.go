package datasets

import "fmt"

// Shortfall: see ObsModel.Shortfall.
type Shortfall struct {
	Observation string  `yaml:"observation"`
	PerDeficit  float64 `yaml:"per_deficit"`
	Source      string  `yaml:"source"`
}

// Quotient: see ObsModel.Quotient.
type Quotient struct {
	Of     string `yaml:"of"`
	Over   string `yaml:"over"`
	Source string `yaml:"source"`
}

// checkSpirometry checks an observation's shortfall and quotient: each
// names numeric observations of the catalogue that are not themselves
// derived, with a source; a quotient's divisor never reaches zero.
func (c *Catalogue) checkSpirometry(key string, m ObsModel) error {
	plain := func(k string) bool {
		o, ok := c.Observations[k]
		return ok && k != key && o.DerivedFrom == "" && o.Quotient == nil
	}
	if s := m.Shortfall; s != nil && (!plain(s.Observation) || s.PerDeficit == 0 || s.Source == "" || m.DerivedFrom != "") {
		return fmt.Errorf("observation %q: shortfall needs a plain numeric observation, a per_deficit and a source", key)
	}
	if q := m.Quotient; q != nil {
		if !plain(q.Of) || !plain(q.Over) || q.Source == "" || m.DerivedFrom != "" || m.Shortfall != nil {
			return fmt.Errorf("observation %q: quotient needs two plain numeric observations and a source", key)
		}
		if c.Observations[q.Over].Min <= 0 {
			return fmt.Errorf("observation %q: quotient divides by %q, whose min is not above 0", key, q.Over)
		}
	}
	return nil
}
