package datasets

import "fmt"

// Protect is a medicine a condition's reviews offer for the organ it
// protects rather than for a care target: NICE TA775 (2022) recommends
// dapagliflozin beside an ACE inhibitor or ARB for CKD with an eGFR of
// 25-75 and type 2 diabetes or a urine ACR of 22.6 mg/mmol or more (brief
// h54e). Before, dapagliflozin came only for heart failure or as a second
// or third drug for an HbA1c above target, so people with albuminuric CKD
// never had it.
type Protect struct {
	Drug string `yaml:"drug"` // medicine key
	// From: nothing is offered before the guidance that recommends it.
	From YMD `yaml:"from"`
	// AcrAtLeast: the latest urine ACR (mg/mmol) at least this; With:
	// conditions any one of which also qualifies whatever the ACR (type 2
	// diabetes in TA775).
	AcrAtLeast float64  `yaml:"acr_at_least"`
	With       []string `yaml:"with"`
	// EgfrAtLeast: not started on a latest eGFR below this (TA775: 25).
	EgfrAtLeast float64 `yaml:"egfr_at_least"`
	// Beside: the condition's first line (ACE inhibitor or ARB) runs, or the
	// person is untreated for a coded reason (contraindicated, declined).
	Beside bool `yaml:"beside"`
	// BesideClass: a medicine of this class runs, started before the
	// review's day (dapagliflozin beside an ACE inhibitor or ARB in type 2
	// diabetes with albuminuria, not on the day that starts it; h57c).
	BesideClass string `yaml:"beside_class"`
	// UnderAge: not started from this age (0: any age).
	UnderAge int `yaml:"under_age"`
	// Effects: what the medicine does to the condition's readings (an SGLT2
	// inhibitor given beside metformin lowers the HbA1c; h69d), as a
	// treatment line's effects; none when unset.
	Effects map[string]float64 `yaml:"effects"`
	// Accept: the share of offers taken; the rest are coded Declined (at
	// the condition's own review) and offered again ReofferDays later.
	Accept      float64         `yaml:"accept"`
	ReofferDays int             `yaml:"reoffer_days"`
	Declined    UntreatedReason `yaml:"declined"`
	Source      string          `yaml:"source"`
}

// checkProtect checks each condition's protect: a known medicine, a date,
// a reading or conditions that call for it, a share in (0, 1], a declined
// code and a source.
func (c *Catalogue) checkProtect() error {
	keys := map[string]bool{}
	for _, cond := range c.Conditions {
		keys[cond.Key] = true
	}
	for _, cond := range c.Conditions {
		if len(cond.AlsoProtect) > 3 {
			return fmt.Errorf("condition %s: %d also_protect entries, at most 3", cond.Key, len(cond.AlsoProtect))
		}
		for i := range cond.AlsoProtect {
			if err := checkOneProtect(cond.Key, &cond.AlsoProtect[i], keys); err != nil {
				return err
			}
		}
		if cond.Protect == nil {
			continue
		}
		if err := checkOneProtect(cond.Key, cond.Protect, keys); err != nil {
			return err
		}
	}
	return nil
}

// checkOneProtect checks one protect entry of condition key.
func checkOneProtect(key string, p *Protect, keys map[string]bool) error {
	if _, ok := MedicineByKey(p.Drug); !ok {
		return fmt.Errorf("condition %s protect: unknown medicine %q", key, p.Drug)
	}
	if p.From.IsZero() || (p.AcrAtLeast <= 0 && len(p.With) == 0) || p.Accept <= 0 || p.Accept > 1 ||
		p.ReofferDays <= 0 || p.Declined.Snomed == "" || p.Source == "" {
		return fmt.Errorf("condition %s protect: needs from, acr_at_least or with, accept in (0, 1], reoffer_days, declined and a source", key)
	}
	for _, k := range p.With {
		if !keys[k] {
			return fmt.Errorf("condition %s protect: unknown condition %q", key, k)
		}
	}
	return nil
}
