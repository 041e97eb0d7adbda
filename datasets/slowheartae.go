package datasets

import "fmt"

// SlowHeartAtAE extends the slow_heart rules to a pulse read in A&E at an
// attendance about one of Problems (h68f: a blackout with a pulse under 50
// on a beta-blocker went home on it, 4 of 4 in a GP review). The rule's
// medicine is stopped there, not halved, and the rule's reason coded: a
// faint with a slow pulse is the drug's toxicity until shown otherwise.
// Every such attendance codes the referral to cardiology.
type SlowHeartAtAE struct {
	Problems []string `yaml:"problems"` // presentation keys of the attendances' reasons
	// Refer: observation_codes.csv key of the referral coded at every such
	// attendance (to cardiology, NICE CG109), whatever the medicines.
	Refer  string `yaml:"refer"`
	Source string `yaml:"source"`
	// Clinic: the cardiology outpatient attendance the referral books
	// (h69e), Days after the attendance, recording Tests there
	// (observation_codes.csv keys: a catalogue reading, or a test whose
	// finding test_results.yaml gives).
	Clinic *ReferralClinic `yaml:"clinic"`
}

// ReferralClinic is the clinic attendance a referral books.
type ReferralClinic struct {
	Days   [2]int   `yaml:"days"`
	Tests  []string `yaml:"tests"`
	Source string   `yaml:"source"`
}

// check checks the A&E extension: problems and a source (the
// presentation keys are checked against the catalogue by the generator's
// plan).
func (r *SlowHeartAtAE) check() error {
	if r == nil {
		return nil
	}
	if _, ok := ObservationByKey(r.Refer); len(r.Problems) == 0 || r.Source == "" || !ok {
		return fmt.Errorf("prescribing.yaml: slow_heart_at_ae: needs problems, a known refer code and a source")
	}
	if c := r.Clinic; c != nil {
		ok := c.Days[0] > 0 && c.Days[1] >= c.Days[0] && c.Source != ""
		for _, k := range c.Tests {
			_, known := ObservationByKey(k)
			ok = ok && known
		}
		if !ok {
			return fmt.Errorf("prescribing.yaml: slow_heart_at_ae clinic: needs days (least above 0), known tests and a source")
		}
	}
	return nil
}
