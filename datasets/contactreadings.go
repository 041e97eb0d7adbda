package datasets

import (
	"fmt"
	"maps"
	"slices"
)

// ContactReading is what a GP measures in the room at a face-to-face
// contact about one of Problems (presentation or acute episode keys) with
// someone aged up to MaxAge: a child's temperature in a fever or an
// infection (eleventh review). Problems maps each to how much its illness
// raises the reading on the episode's first day (fading to nothing by the
// episode's end); 0 measures the usual level.
type ContactReading struct {
	Observation string             `yaml:"observation"`
	MaxAge      int                `yaml:"max_age"`
	Problems    map[string]float64 `yaml:"problems"`
	// AtLeast is, for a problem named by a reading (fever: a temperature of
	// 38 or more, NICE NG143), the least reading at the contact that
	// diagnoses it: one below is mirrored above it (fifteenth review).
	AtLeast map[string]float64 `yaml:"at_least"`
	Source  string             `yaml:"source"`
}

// checkContactReadings checks that each reading is a numeric observation
// measured for known problems, with a source.
func (c *Catalogue) checkContactReadings() error {
	known := c.episodeKeys()
	for _, r := range c.ContactReadings {
		where := "contact_readings " + r.Observation
		if _, ok := c.Observations[r.Observation]; !ok {
			return fmt.Errorf("%s: not a numeric observation", where)
		}
		if len(r.Problems) == 0 || r.MaxAge < 0 || r.Source == "" {
			return fmt.Errorf("%s: needs problems, a max_age and a source", where)
		}
		for _, k := range slices.Sorted(maps.Keys(r.Problems)) { // the first error in the same order every run
			raise := r.Problems[k]
			if !known[k] {
				return fmt.Errorf("%s: %q is not a presentation or acute episode", where, k)
			}
			if raise < 0 {
				return fmt.Errorf("%s: %s raise %g is negative", where, k, raise)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(r.AtLeast)) {
			if _, ok := r.Problems[k]; !ok {
				return fmt.Errorf("%s: at_least %q is not one of its problems", where, k)
			}
		}
	}
	return nil
}
