package datasets

import "fmt"

// AETest is a test recorded at every A&E attendance about Problem (a
// presentation key) from MinAge: the ECG and the high-sensitivity troponin
// of suspected acute coronary syndrome in chest pain (NICE CG95, NG185;
// thirteenth review). Observation is a numeric observation (measured from
// the person's usual level) or an observation_codes.csv code with no value
// (a procedure).
type AETest struct {
	Problem     string `yaml:"problem"`
	Observation string `yaml:"observation"`
	MinAge      int    `yaml:"min_age"`
	Source      string `yaml:"source"`
}

// checkAETests checks that each test names a presentation, an observation
// and a source.
func (c *Catalogue) checkAETests() error {
	known := c.episodeKeys()
	for _, t := range c.AETests {
		where := "ae_tests " + t.Problem + " " + t.Observation
		if !known[t.Problem] || t.Source == "" || t.MinAge < 0 {
			return fmt.Errorf("%s: needs a presentation, a min_age of 0 or more and a source", where)
		}
		if _, ok := c.Observations[t.Observation]; ok {
			continue
		}
		if _, ok := ObservationByKey(t.Observation); !ok {
			return fmt.Errorf("%s: not a numeric observation nor in observation_codes.csv", where)
		}
	}
	return nil
}
