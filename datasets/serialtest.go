package datasets

import "fmt"

// SerialTest is a second sample of an A&E test whose first result is above
// Above, taken Hours (a range) after it in the same attendance: the serial
// high-sensitivity troponin of suspected acute coronary syndrome (NICE DG40,
// CG95; brief h50d). A person whose test entry raises the result (a heart
// attack) has a second value risen by Rise (on the observation's scale, log
// for a log-scale one), drawn normal with RiseSD and at least MinRise: a
// rise over the 99th centile makes the diagnosis. Anyone else's second value
// is the first, moved by StableSD only (a stable, chronically raised level:
// kidney disease, heart failure, older age), so it never reads as a rise.
type SerialTest struct {
	Observation string     `yaml:"observation"`
	Above       float64    `yaml:"above"`
	Hours       [2]float64 `yaml:"hours"`
	Rise        float64    `yaml:"rise"`
	RiseSD      float64    `yaml:"rise_sd"`
	MinRise     float64    `yaml:"min_rise"`
	StableSD    float64    `yaml:"stable_sd"`
	// StableMax bounds the stable change either way (on the same scale),
	// below MinRise, so a stable pair and a rising pair never meet.
	StableMax float64 `yaml:"stable_max"`
	Source    string  `yaml:"source"`
}

// checkSerialTest checks that the serial test names a numeric observation
// tested at A&E, hours from 1, a rise above the stable change, and a source.
func (c *Catalogue) checkSerialTest() error {
	st := c.SerialTest
	if st == nil {
		return nil
	}
	if _, ok := c.Observations[st.Observation]; !ok || st.Above <= 0 || st.Source == "" {
		return fmt.Errorf("serial_test: needs a numeric observation, above > 0 and a source")
	}
	tested := false
	for _, t := range c.AETests {
		tested = tested || t.Observation == st.Observation
	}
	if !tested {
		return fmt.Errorf("serial_test: %s is not an ae_tests observation", st.Observation)
	}
	if st.Hours[0] <= 0 || st.Hours[1] < st.Hours[0] {
		return fmt.Errorf("serial_test: hours [least, most] above 0")
	}
	if st.MinRise <= 0 || st.Rise < st.MinRise || st.RiseSD < 0 || st.StableSD < 0 || st.StableMax < 0 || st.StableMax >= st.MinRise {
		return fmt.Errorf("serial_test: rise at least min_rise > 0, stable_max below min_rise, spreads 0 or more")
	}
	return nil
}
