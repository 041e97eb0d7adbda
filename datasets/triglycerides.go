package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed triglycerides.yaml
var triglyceridesYAML []byte

// HighTriglycerides is triglycerides.yaml high_triglycerides (brief h60d):
// a result of Observation above ReferAbove is referred (Referral, a
// contact ReferDays later); one above RepeatAbove is repeated at a blood
// test RepeatDays later with the Repeat tests (the profile and the
// secondary causes' bloods), and a repeat still above PersistentAbove is
// referred as well.
type HighTriglycerides struct {
	Observation     string   `yaml:"observation"`
	RepeatAbove     float64  `yaml:"repeat_above"`
	RepeatDays      [2]int   `yaml:"repeat_days"`
	Repeat          []string `yaml:"repeat"`
	PersistentAbove float64  `yaml:"persistent_above"`
	ReferAbove      float64  `yaml:"refer_above"`
	ReferDays       [2]int   `yaml:"refer_days"`
	Referral        string   `yaml:"referral"`
	Source          string   `yaml:"source"`
}

type triglyceridesFile struct {
	HighTriglycerides HighTriglycerides `yaml:"high_triglycerides"`
}

var loadHighTriglycerides = sync.OnceValues(func() (*HighTriglycerides, error) {
	var f triglyceridesFile
	if err := decodeStrict(triglyceridesYAML, &f); err != nil {
		return nil, fmt.Errorf("triglycerides.yaml: %w", err)
	}
	h := &f.HighTriglycerides
	for _, k := range append([]string{h.Observation, h.Referral}, h.Repeat...) {
		if _, ok := ObservationByKey(k); !ok {
			return nil, fmt.Errorf("triglycerides.yaml: observation %q is not in observation_codes.csv", k)
		}
	}
	if h.RepeatAbove <= 0 || h.PersistentAbove <= 0 || h.ReferAbove <= h.RepeatAbove || h.RepeatDays[0] < 1 || h.RepeatDays[1] < h.RepeatDays[0] ||
		h.ReferDays[0] < 0 || h.ReferDays[1] < h.ReferDays[0] || len(h.Repeat) == 0 || h.Source == "" {
		return nil, fmt.Errorf("triglycerides.yaml: high_triglycerides needs repeat_above, persistent_above and a higher refer_above, repeat_days [from, to] from 1, refer_days [from, to] from 0, repeat tests and a source")
	}
	return h, nil
})

// LoadHighTriglycerides returns triglycerides.yaml's high_triglycerides.
func LoadHighTriglycerides() (*HighTriglycerides, error) { return loadHighTriglycerides() }
