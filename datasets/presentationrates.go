package datasets

import "fmt"

// PresentationRate is a published rate of one acute problem presenting to
// general practice: new episodes first recorded at a GP consultation per
// 1,000 person-years at ages MinAge to MaxAge (inclusive). `cohortgen
// stats` sets the dataset's rate beside it; a verified figure is checked
// (--strict), an approx one is shown.
type PresentationRate struct {
	Key       string  `yaml:"key"` // a presentation or acute episode key
	MinAge    int     `yaml:"min_age"`
	MaxAge    int     `yaml:"max_age"`
	Per1000   float64 `yaml:"per_1000"`
	Tolerance float64 `yaml:"tolerance"` // allowed relative difference
	Status    string  `yaml:"status"`    // verified or approx
	Source    string  `yaml:"source"`
}

// checkPresentationRates checks that each rate names a presentation or an
// acute episode of the catalogue, once per age range, with ages, a rate, a
// tolerance, a status and a source that make sense.
func (c *Catalogue) checkPresentationRates() error {
	known := map[string]bool{}
	for _, p := range c.Presentations {
		known[p.Key] = true
	}
	for _, a := range c.Acute {
		known[a.Key] = true
	}
	seen := map[string]bool{}
	for _, r := range c.PresentationRates {
		where := fmt.Sprintf("presentation_rates %s %d-%d", r.Key, r.MinAge, r.MaxAge)
		switch {
		case !known[r.Key]:
			return fmt.Errorf("%s: not a presentation or acute episode", where)
		case seen[where]:
			return fmt.Errorf("%s: repeated", where)
		case r.MinAge < 0 || r.MaxAge < r.MinAge:
			return fmt.Errorf("%s: ages out of order", where)
		case r.Per1000 <= 0:
			return fmt.Errorf("%s: per_1000 %g must be positive", where, r.Per1000)
		case r.Tolerance <= 0 || r.Tolerance > 1:
			return fmt.Errorf("%s: tolerance %g is not a share in (0, 1]", where, r.Tolerance)
		case r.Status != "verified" && r.Status != "approx":
			return fmt.Errorf("%s: status %q, want verified or approx", where, r.Status)
		case r.Source == "":
			return fmt.Errorf("%s: needs a source", where)
		}
		seen[where] = true
	}
	return nil
}
