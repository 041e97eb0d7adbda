package datasets

import "fmt"

// StartTest: the blood tests taken at the appointment that starts a medicine
// (or a medicine of Class), before its first issue, unless the record holds
// a reading of the test from the last WithinDays (the baseline lipids, ALT
// and kidney function before a statin: NICE NG238; nineteenth review). An
// eGFR taken so that rules the medicine out (below its renal stop_below)
// stops it that day, before it is issued. FirstYear: tests read once more at
// a review of the condition it is for within its Days after the start,
// unless taken since half-way there (ALT at 12 months on a statin).
type StartTest struct {
	Medicine     string          `yaml:"medicine"`
	Class        string          `yaml:"class"`
	Observations []string        `yaml:"observations"`
	WithinDays   int             `yaml:"within_days"`
	FirstYear    *FirstYearTests `yaml:"first_year"`
	// FromAge, when set, limits the tests to starts at that age or over,
	// and takes them at the GP contact that starts a short course too (an
	// eGFR before an oral NSAID from 75; twenty-second review).
	FromAge int    `yaml:"from_age"`
	Source  string `yaml:"source"`
}

// FirstYearTests: Observations read at a review of the condition between
// Days[0] and Days[1] after the medicine starts.
type FirstYearTests struct {
	Observations []string `yaml:"observations"`
	Days         [2]int   `yaml:"days"`
	Source       string   `yaml:"source"`
}

// AppliesTo reports whether the start tests are the medicine's.
func (t StartTest) AppliesTo(key string) bool { return applies(t.Medicine, t.Class, key) }

// checkStartTests checks start_tests: a known medicine or class, known
// observations, within_days above 0, first_year days ordered and above 0,
// sources.
func (p *Prescribing) checkStartTests(known func(med, class string) error) error {
	for _, t := range p.StartTests {
		name := t.Medicine + t.Class
		if err := known(t.Medicine, t.Class); err != nil {
			return fmt.Errorf("prescribing.yaml: start_tests of %q: %w", name, err)
		}
		obs := append([]string{}, t.Observations...)
		if fy := t.FirstYear; fy != nil {
			if len(fy.Observations) == 0 || fy.Days[0] <= 0 || fy.Days[1] <= fy.Days[0] || fy.Source == "" {
				return fmt.Errorf("prescribing.yaml: start_tests of %q: first_year needs observations, days [least, most] above 0 and a source", name)
			}
			obs = append(obs, fy.Observations...)
		}
		for _, o := range obs {
			if _, ok := ObservationByKey(o); !ok {
				return fmt.Errorf("prescribing.yaml: start_tests of %q: %q is not in observation_codes.csv", name, o)
			}
		}
		if t.FromAge < 0 || t.FromAge > 0 && t.FirstYear != nil {
			return fmt.Errorf("prescribing.yaml: start_tests of %q: from_age is above 0 and has no first_year", name)
		}
		if len(t.Observations) == 0 || t.WithinDays <= 0 || t.Source == "" {
			return fmt.Errorf("prescribing.yaml: start_tests of %q: needs observations, within_days above 0 and a source", name)
		}
	}
	return nil
}
