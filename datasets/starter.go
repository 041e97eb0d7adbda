package datasets

import "fmt"

// Starter is the titration course a long-term medicine begins with (brief
// h71b): its first issue is Days of the starting product (DMDCode, a
// medicines.csv or regimens.csv product of the medicine) at DoseText, an
// acute issue, and the maintenance repeat follows from the day after
// (quetiapine 25 mg twice daily on day 1 rising over 4 days: BNF).
type Starter struct {
	Medicine string `yaml:"medicine"`
	DMDCode  string `yaml:"dmd_code"`
	Days     int    `yaml:"days"`
	DoseText string `yaml:"dose_text"`
	Source   string `yaml:"source"`
}

// Regimen is the starter's product as a regimen of its medicine, at its
// own dose.
func (s Starter) Regimen() (Regimen, bool) {
	g, ok := RegimenByDMD(s.DMDCode)
	if !ok || g.Medicine != s.Medicine {
		return Regimen{}, false
	}
	g.DoseText = s.DoseText
	return g, true
}

// checkStarters checks starters: a known medicine, once, a product of it,
// days from 1 to 28, a dose and a source.
func (p *Prescribing) checkStarters(known func(med, class string) error) error {
	seen := map[string]bool{}
	for _, s := range p.Starters {
		if err := known(s.Medicine, ""); err != nil {
			return fmt.Errorf("prescribing.yaml: starters: %w", err)
		}
		if _, ok := s.Regimen(); !ok || seen[s.Medicine] || s.Days < 1 || s.Days > 28 || s.DoseText == "" || s.Source == "" {
			return fmt.Errorf("prescribing.yaml: starters of %q: needs a product of the medicine, days from 1 to 28, a dose_text and a source, once a medicine", s.Medicine)
		}
		seen[s.Medicine] = true
	}
	return nil
}
