package datasets

import "fmt"

// AETest is a test recorded at every A&E attendance about Problem (a
// presentation key, an onset event's or a cause of death's row key) from MinAge: the ECG and the high-sensitivity troponin
// of suspected acute coronary syndrome in chest pain (NICE CG95, NG185;
// thirteenth review). Observation is a numeric observation (measured from
// the person's usual level) or an observation_codes.csv code with no value
// (a procedure).
type AETest struct {
	Problem     string `yaml:"problem"`
	Observation string `yaml:"observation"`
	MinAge      int    `yaml:"min_age"`
	// Raise is added to a numeric result, on the observation's own scale
	// (log for a log-scale one): the troponin of a heart attack (fourteenth
	// review).
	Raise  float64 `yaml:"raise"`
	Source string  `yaml:"source"`
}

// checkAETests checks that each test names a presentation (or an onset
// event with a code of its own, or a background cause of death's row), an
// observation and a source.
func (c *Catalogue) checkAETests() error {
	known := c.episodeKeys()
	for i := range c.Conditions {
		if k := c.Conditions[i].EventKey(); k != "" {
			known[k] = true
		}
	}
	for _, bc := range c.BackgroundCauses { // a fatal event seen in A&E (cause_myocardial_infarction)
		known[bc.RowKey()] = true
	}
	for _, t := range c.AETests {
		where := "ae_tests " + t.Problem + " " + t.Observation
		if !known[t.Problem] || t.Source == "" || t.MinAge < 0 {
			return fmt.Errorf("%s: needs a presentation, a min_age of 0 or more and a source", where)
		}
		if _, ok := c.Observations[t.Observation]; ok {
			continue
		}
		if t.Raise != 0 {
			return fmt.Errorf("%s: a raise needs a numeric observation", where)
		}
		if _, ok := ObservationByKey(t.Observation); !ok {
			return fmt.Errorf("%s: not a numeric observation nor in observation_codes.csv", where)
		}
	}
	return nil
}
