package datasets

import "fmt"

// AEShare is a published share of A&E attendances at ages MinAge to MaxAge
// (inclusive) whose reason is one presentation. `cohortgen stats` sets the
// dataset's share beside it (shown, not checked: a share depends on the
// population's age mix); the generator's tests check the verified ones on
// an England-like population.
type AEShare struct {
	Key       string  `yaml:"key"` // a presentation or acute episode key
	MinAge    int     `yaml:"min_age"`
	MaxAge    int     `yaml:"max_age"`
	Percent   float64 `yaml:"percent"`
	Tolerance float64 `yaml:"tolerance"` // allowed relative difference
	Status    string  `yaml:"status"`    // verified or approx
	Source    string  `yaml:"source"`
}

// checkAECaseMix checks that each share names a presentation or acute
// episode of the catalogue, once per age range, with a share, a tolerance,
// a status and a source that make sense.
func (c *Catalogue) checkAECaseMix() error {
	known := map[string]bool{}
	for _, p := range c.Presentations {
		known[p.Key] = true
	}
	for _, a := range c.Acute {
		known[a.Key] = true
	}
	seen := map[string]bool{}
	for _, s := range c.AECaseMix {
		where := fmt.Sprintf("ae_case_mix %s %d-%d", s.Key, s.MinAge, s.MaxAge)
		switch {
		case !known[s.Key]:
			return fmt.Errorf("%s: not a presentation or acute episode", where)
		case seen[where]:
			return fmt.Errorf("%s: repeated", where)
		case s.MinAge < 0 || s.MaxAge < s.MinAge:
			return fmt.Errorf("%s: ages out of order", where)
		case s.Percent <= 0 || s.Percent >= 100:
			return fmt.Errorf("%s: percent %g is not a share of attendances", where, s.Percent)
		case s.Tolerance <= 0 || s.Tolerance > 1:
			return fmt.Errorf("%s: tolerance %g is not a share in (0, 1]", where, s.Tolerance)
		case s.Status != "verified" && s.Status != "approx":
			return fmt.Errorf("%s: status %q, want verified or approx", where, s.Status)
		case s.Source == "":
			return fmt.Errorf("%s: needs a source", where)
		}
		seen[where] = true
	}
	return nil
}
