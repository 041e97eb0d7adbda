package datasets

import "fmt"

// AvailableFrom is the day a medicine came to English practice (its UK
// launch, after the marketing authorisation): it is not started before it
// for any indication (twenty-sixth review: a single-inhaler triple therapy
// for COPD issued from 2014, three years before it was authorised).
type AvailableFrom struct {
	Medicine string `yaml:"medicine"`
	From     YMD    `yaml:"from"`
	Source   string `yaml:"source"`
}

// checkAvailableFrom checks available_from: a known medicine, once, with a
// date and a source.
func (p *Prescribing) checkAvailableFrom(known func(med, class string) error) error {
	seen := map[string]bool{}
	for _, a := range p.AvailableFrom {
		if err := known(a.Medicine, ""); err != nil {
			return fmt.Errorf("prescribing.yaml: available_from: %w", err)
		}
		if seen[a.Medicine] || a.From.IsZero() || a.Source == "" {
			return fmt.Errorf("prescribing.yaml: available_from of %q: needs a date and a source, once a medicine", a.Medicine)
		}
		seen[a.Medicine] = true
	}
	return nil
}
