package datasets

import "fmt"

// Protect is a medicine a condition's reviews offer for what it protects,
// not for the care target: NICE NG28 (2022) offers an SGLT2 inhibitor to
// adults with type 2 diabetes and cardiovascular disease whatever the
// HbA1c, and NICE NG203 (2021) to those with CKD and an ACR over 30 mg/mmol.
// Before (brief h53b), dapagliflozin came only as a second or third drug
// for an HbA1c above target, so 252 of 356 people with type 2 diabetes and
// cardiovascular disease never had one (generate -n 20000 -s 5).
type Protect struct {
	Drug string `yaml:"drug"` // medicine key
	// Offers: who is offered it, and from when; any one that holds.
	Offers []ProtectOffer `yaml:"offers"`
	// Accept: the share of offers taken; the rest are coded Declined and
	// offered again at the first review ReofferDays later.
	Accept      float64         `yaml:"accept"`
	ReofferDays int             `yaml:"reoffer_days"`
	Declined    UntreatedReason `yaml:"declined"`
	Source      string          `yaml:"source"`
}

// ProtectOffer is an indication: holding any of With (conditions) and,
// when AcrAbove is set, a latest urine ACR above it; not before From.
type ProtectOffer struct {
	With     []string `yaml:"with"`
	AcrAbove float64  `yaml:"acr_above"`
	From     YMD      `yaml:"from"`
	Source   string   `yaml:"source"`
}

// checkProtect checks each condition's protect: a known medicine, offers
// naming known conditions with a date and a source, a share in (0, 1].
func (c *Catalogue) checkProtect() error {
	keys := map[string]bool{}
	for _, cond := range c.Conditions {
		keys[cond.Key] = true
	}
	for _, cond := range c.Conditions {
		p := cond.Protect
		if p == nil {
			continue
		}
		if _, ok := MedicineByKey(p.Drug); !ok {
			return fmt.Errorf("condition %s protect: unknown medicine %q", cond.Key, p.Drug)
		}
		if p.Accept <= 0 || p.Accept > 1 || p.ReofferDays <= 0 || p.Declined.Snomed == "" || p.Source == "" || len(p.Offers) == 0 {
			return fmt.Errorf("condition %s protect: needs offers, accept in (0, 1], reoffer_days, declined and a source", cond.Key)
		}
		for _, o := range p.Offers {
			if len(o.With) == 0 || o.From.IsZero() || o.Source == "" || o.AcrAbove < 0 {
				return fmt.Errorf("condition %s protect: an offer needs with, from and a source", cond.Key)
			}
			for _, k := range o.With {
				if !keys[k] {
					return fmt.Errorf("condition %s protect: unknown condition %q", cond.Key, k)
				}
			}
		}
	}
	return nil
}
