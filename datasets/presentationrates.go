package datasets

import "fmt"

// PresentationRate is a published rate of one acute problem presenting to
// general practice: new episodes first recorded at a GP consultation per
// 1,000 person-years at ages MinAge to MaxAge (inclusive). `cohortgen
// stats` sets the dataset's rate beside it; a verified figure is checked
// (--strict), an approx one is shown.
type PresentationRate struct {
	EpisodeFigure `yaml:",inline"`
	Per1000       float64 `yaml:"per_1000"`
}

// EpisodeFigure is what every published figure about an acute problem
// holds besides its value: the presentation, the ages, how far the
// dataset may stray from it, and where it comes from.
type EpisodeFigure struct {
	Key       string  `yaml:"key"` // a presentation or acute episode key
	MinAge    int     `yaml:"min_age"`
	MaxAge    int     `yaml:"max_age"`
	Tolerance float64 `yaml:"tolerance"` // allowed relative difference
	Status    string  `yaml:"status"`    // verified or approx
	Source    string  `yaml:"source"`
}

// checkPresentationRates checks that each rate names a presentation or an
// acute episode of the catalogue, once per age range, with ages, a rate, a
// tolerance, a status and a source that make sense.
func (c *Catalogue) checkPresentationRates() error {
	known, seen := c.episodeKeys(), map[string]bool{}
	for _, r := range c.PresentationRates {
		where := fmt.Sprintf("presentation_rates %s %d-%d", r.Key, r.MinAge, r.MaxAge)
		if err := r.check(where, known[r.Key], seen[where]); err != nil {
			return err
		}
		if r.Per1000 <= 0 {
			return fmt.Errorf("%s: per_1000 %g must be positive", where, r.Per1000)
		}
		seen[where] = true
	}
	return nil
}

// episodeKeys are the keys of the catalogue's presentations and acute
// episodes: what a published figure about acute problems may name.
func (c *Catalogue) episodeKeys() map[string]bool {
	known := map[string]bool{}
	for _, p := range c.Presentations {
		known[p.Key] = true
	}
	for _, a := range c.Acute {
		known[a.Key] = true
	}
	return known
}

// check checks what every published figure about an acute problem must
// hold: a key the catalogue knows (known), named once per age range (not
// repeated), ages in order, a tolerance, a status and a source.
func (f EpisodeFigure) check(where string, known, repeated bool) error {
	switch {
	case !known:
		return fmt.Errorf("%s: not a presentation or acute episode", where)
	case repeated:
		return fmt.Errorf("%s: repeated", where)
	case f.MinAge < 0 || f.MaxAge < f.MinAge:
		return fmt.Errorf("%s: ages out of order", where)
	case f.Tolerance <= 0 || f.Tolerance > 1:
		return fmt.Errorf("%s: tolerance %g is not a share in (0, 1]", where, f.Tolerance)
	case f.Status != "verified" && f.Status != "approx":
		return fmt.Errorf("%s: status %q, want verified or approx", where, f.Status)
	case f.Source == "":
		return fmt.Errorf("%s: needs a source", where)
	}
	return nil
}
