package datasets

import (
	"fmt"
	"slices"
)

// CRB65 is NICE's severity score for a pneumonia diagnosed outside
// hospital (NICE CG191 1.2.1, NG138 1.1.3): a point each for confusion, a
// respiratory rate of 30 or more, a low blood pressure and age 65 or more.
// The score decides where the pneumonia is managed: home care at 0,
// hospital assessment considered at 1-2, urgent admission at 3-4 (h67a).
// At the draw the score is the points the person's state shows that day
// (age, confusion); the contact's readings then measure the rate and the
// pressure (contact_readings: an admitted pneumonia breathes faster).
type CRB65 struct {
	// Confusion: condition or presentation keys whose presence on the day
	// scores the confusion point (dementia held, a delirium open).
	Confusion []string `yaml:"confusion"`
	// Age scores its point from this age in whole years.
	Age int `yaml:"age"`
	// MinAge: the score decides only from this age (CRB65 is an adult's
	// score, NICE CG191); a younger person's draws all stand.
	MinAge int `yaml:"min_age"`
	// Home and Hospital, by score 0 to 4: the share of a GP contact's (Home)
	// or of an A&E attendance's or emergency admission's (Hospital) draws
	// of the presentation kept for a person of that score; a draw not kept
	// is drawn again (another problem), so the setting follows the score.
	Home     []float64 `yaml:"home"`
	Hospital []float64 `yaml:"hospital"`
	Source   string    `yaml:"source"`
}

// check reports a score that is not fully given, or names an unknown key.
func (s *CRB65) check(c *Catalogue) error {
	if s.Age <= 0 || len(s.Home) != 5 || len(s.Hospital) != 5 || s.Source == "" || len(s.Confusion) == 0 {
		return fmt.Errorf("crb65: needs confusion, age, home and hospital (5 shares, scores 0-4) and a source")
	}
	for i := range 5 {
		if s.Home[i] < 0 || s.Home[i] > 1 || s.Hospital[i] < 0 || s.Hospital[i] > 1 {
			return fmt.Errorf("crb65: shares must be in [0, 1]")
		}
	}
	for _, k := range s.Confusion {
		if !slices.ContainsFunc(c.Conditions, func(cd Condition) bool { return cd.Key == k }) &&
			!slices.ContainsFunc(c.Presentations, func(pr Presentation) bool { return pr.Key == k }) {
			return fmt.Errorf("crb65 confusion: %q is neither a condition nor a presentation", k)
		}
	}
	return nil
}
