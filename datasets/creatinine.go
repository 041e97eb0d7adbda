package datasets

import (
	"fmt"
	"math"
)

// CKDEPI makes an observation the serum creatinine that gives the person's
// eGFR at the same visit under the CKD-EPI 2009 creatinine equation
// (h65b): the record holds renal function as the eGFR state, and a
// creatinine written beside it (the bloods of a raised pressure in
// pregnancy) must carry a value that agrees with it, not none.
// eGFR = K * min(Scr/kappa, 1)^Low * max(Scr/kappa, 1)^High * AgeBase^age,
// Scr in mg/dL, with K, kappa and Low by sex.
type CKDEPI struct {
	Observation string     `yaml:"observation"` // the eGFR observation read
	Female      [3]float64 `yaml:"female"`      // K, kappa (mg/dL), low exponent
	Male        [3]float64 `yaml:"male"`
	High        float64    `yaml:"high"`     // the exponent above kappa
	AgeBase     float64    `yaml:"age_base"` // per year of age
	UmolPerMg   float64    `yaml:"umol_per_mg_dl"`
	Source      string     `yaml:"source"`
}

// checkCKDEPI checks an observation's from_egfr: a plain numeric eGFR
// observation, constants of the right signs and a source.
func (c *Catalogue) checkCKDEPI(key string, m ObsModel) error {
	e := m.FromEGFR
	if e == nil {
		return nil
	}
	o, ok := c.Observations[e.Observation]
	bad := func(s [3]float64) bool { return s[0] <= 0 || s[1] <= 0 || s[2] >= 0 }
	if !ok || o.DerivedFrom != "" || o.Quotient != nil || o.FromEGFR != nil || bad(e.Female) || bad(e.Male) ||
		e.High >= 0 || e.AgeBase <= 0 || e.AgeBase > 1 || e.UmolPerMg <= 0 || e.Source == "" || m.DerivedFrom != "" || m.Quotient != nil {
		return fmt.Errorf("observation %q: from_egfr needs a plain eGFR observation, CKD-EPI constants and a source", key)
	}
	return nil
}

// Creatinine is the serum creatinine, umol/L, that gives egfr at age
// (years) under the equation, for a man if male.
func (e *CKDEPI) Creatinine(egfr, age float64, male bool) float64 {
	k := e.Female
	if male {
		k = e.Male
	}
	top := k[0] * math.Pow(e.AgeBase, age)
	// at Scr = kappa the eGFR is top: above it the creatinine is below kappa
	exp := e.High
	if egfr >= top {
		exp = k[2]
	}
	return k[1] * math.Pow(egfr/top, 1/exp) * e.UmolPerMg
}
