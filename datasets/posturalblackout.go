package datasets

import "fmt"

// PosturalBlackout is the assessment of a blackout in an older person
// (catalogue postural_blackout; brief h69g): at an A&E attendance about
// one of Problems from FromAge, the systolic pressure lying and standing
// (NICE CG109 1.1; the medicines are reviewed at the GP contact after the
// faint: medication_reviews.yaml after_faint). DropShare of them stand
// DropMMHg lower (a postural drop: orthostatic hypotension), the rest
// SteadyMMHg; the range's ends, in mmHg.
type PosturalBlackout struct {
	Problems   []string   `yaml:"problems"`
	FromAge    int        `yaml:"from_age"`
	Lying      string     `yaml:"lying"`    // observation_codes.csv key
	Standing   string     `yaml:"standing"` // observation_codes.csv key
	DropShare  float64    `yaml:"drop_share"`
	DropMMHg   [2]float64 `yaml:"drop_mmhg"`
	SteadyMMHg [2]float64 `yaml:"steady_mmhg"`
	Source     string     `yaml:"source"`
}

// checkPosturalBlackout checks the codes, the share and the ranges.
func (c *Catalogue) checkPosturalBlackout() error {
	b := c.PosturalBlackout
	if b == nil {
		return nil
	}
	for _, k := range []string{b.Lying, b.Standing} {
		if _, ok := ObservationByKey(k); !ok {
			return fmt.Errorf("postural_blackout: %q is not in observation_codes.csv", k)
		}
	}
	if len(b.Problems) == 0 || b.FromAge <= 0 || b.DropShare < 0 || b.DropShare > 1 || b.Source == "" ||
		b.DropMMHg[0] > b.DropMMHg[1] || b.SteadyMMHg[0] > b.SteadyMMHg[1] || b.SteadyMMHg[1] >= b.DropMMHg[0] {
		return fmt.Errorf("postural_blackout: problems, from_age, drop_share in [0, 1], steady_mmhg below drop_mmhg and a source")
	}
	return nil
}
