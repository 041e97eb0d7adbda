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
	// NotAbove, when set, withholds the calculation when a reading of
	// the sample is above a value: the laboratory does not calculate the
	// LDL when the triglycerides are above 4.5 mmol/L, where Friedewald's
	// VLDL estimate (triglycerides/2.2) no longer holds (h59c).
	NotAbove *NotAbove `yaml:"not_above"`
}

// NotAbove is a reading of the same sample whose value above Value
// withholds a calculated observation.
type NotAbove struct {
	Observation string  `yaml:"observation"`
	Value       float64 `yaml:"value"`
	Source      string  `yaml:"source"`
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
	if n := d.NotAbove; n != nil && (!plain(n.Observation) || n.Source == "" || !inPanel(c.Observations[d.Of].Panel, n.Observation)) {
		return fmt.Errorf("observation %q: difference not_above needs a plain numeric observation of the same panel and a source", key)
	}
	return nil
}

// checkRatioLevels checks a drug_ratio's above_levels: plain numeric
// observations with no drug_ratio of their own (their usual levels are
// read untreated by this one's medicines), each with a share above 0, and
// a source; above is then unused and must be 0.
func (c *Catalogue) checkRatioLevels(key string, r *DrugRatio) error {
	if r == nil || len(r.AboveLevels) == 0 {
		return nil
	}
	if r.Above != 0 || r.Source == "" || r.LeastAbove < 0 {
		return fmt.Errorf("observation %q: drug_ratio takes above or above_levels (with a source), not both", key)
	}
	for _, l := range r.AboveLevels {
		o, ok := c.Observations[l.Observation]
		if !ok || l.Observation == key || o.DrugRatio != nil || o.DerivedFrom != "" || o.Quotient != nil || o.Difference != nil || l.Share <= 0 {
			return fmt.Errorf("observation %q: drug_ratio above_levels are plain numeric observations without a drug_ratio, each with a share above 0", key)
		}
	}
	return nil
}

// inPanel reports whether key is one of panel's members.
func inPanel(panel []string, key string) bool {
	for _, k := range panel {
		if k == key {
			return true
		}
	}
	return false
}
