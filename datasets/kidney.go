package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed kidney.yaml
var kidneyYAML []byte

// NewLowEGFR is kidney.yaml new_low_egfr (brief h65e): a result of
// Observation below Below whose previous result was not (or with none
// before it) is repeated at a blood test RepeatDays later.
type NewLowEGFR struct {
	Observation string  `yaml:"observation"`
	Below       float64 `yaml:"below"`
	RepeatDays  [2]int  `yaml:"repeat_days"`
	Source      string  `yaml:"source"`
}

// AKIRecovery is kidney.yaml aki_recovery (brief h65e): a check after an
// acute kidney injury whose Observation is below Share of the baseline
// (the last result in the BaselineDays before the episode) keeps the
// episode's held medicines paused and is repeated RecheckDays later, up to
// Checks more times.
type AKIRecovery struct {
	Observation  string  `yaml:"observation"`
	Share        float64 `yaml:"share"`
	BaselineDays int     `yaml:"baseline_days"`
	RecheckDays  [2]int  `yaml:"recheck_days"`
	Checks       int     `yaml:"checks"`
	Source       string  `yaml:"source"`
}

// Kidney is kidney.yaml.
type Kidney struct {
	NewLowEGFR  NewLowEGFR  `yaml:"new_low_egfr"`
	AKIRecovery AKIRecovery `yaml:"aki_recovery"`
}

var loadKidney = sync.OnceValues(func() (*Kidney, error) {
	var k Kidney
	if err := decodeStrict(kidneyYAML, &k); err != nil {
		return nil, fmt.Errorf("kidney.yaml: %w", err)
	}
	for _, o := range []string{k.NewLowEGFR.Observation, k.AKIRecovery.Observation} {
		if _, ok := ObservationByKey(o); !ok {
			return nil, fmt.Errorf("kidney.yaml: observation %q is not in observation_codes.csv", o)
		}
	}
	n := &k.NewLowEGFR
	if n.Below <= 0 || n.RepeatDays[0] < 1 || n.RepeatDays[1] < n.RepeatDays[0] || n.Source == "" {
		return nil, fmt.Errorf("kidney.yaml: new_low_egfr needs below > 0, repeat_days [from, to] from 1 and a source")
	}
	a := &k.AKIRecovery
	if a.Share <= 0 || a.Share >= 1 || a.BaselineDays < 1 || a.RecheckDays[0] < 1 || a.RecheckDays[1] < a.RecheckDays[0] || a.Checks < 0 || a.Source == "" {
		return nil, fmt.Errorf("kidney.yaml: aki_recovery needs a share in (0, 1), baseline_days from 1, recheck_days [from, to] from 1, checks from 0 and a source")
	}
	return &k, nil
})

// LoadKidney returns kidney.yaml.
func LoadKidney() (*Kidney, error) { return loadKidney() }
