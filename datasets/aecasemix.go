package datasets

import "fmt"

// AEShare is a published share of A&E attendances at ages MinAge to MaxAge
// (inclusive) whose reason is one presentation. `cohortgen stats` sets the
// dataset's share beside it (shown, not checked: a share depends on the
// population's age mix); the generator's tests check the verified ones on
// an England-like population.
type AEShare struct {
	EpisodeFigure `yaml:",inline"`
	Percent       float64 `yaml:"percent"`
}

// checkAECaseMix checks that each share names a presentation or acute
// episode of the catalogue, once per age range, with a share, a tolerance,
// a status and a source that make sense.
func (c *Catalogue) checkAECaseMix() error {
	known, seen := c.episodeKeys(), map[string]bool{}
	for _, s := range c.AECaseMix {
		where := fmt.Sprintf("ae_case_mix %s %d-%d", s.Key, s.MinAge, s.MaxAge)
		if err := s.check(where, known[s.Key], seen[where]); err != nil {
			return err
		}
		if s.Percent <= 0 || s.Percent >= 100 {
			return fmt.Errorf("%s: percent %g is not a share of attendances", where, s.Percent)
		}
		seen[where] = true
	}
	return nil
}
