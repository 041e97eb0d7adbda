package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed febrilechild.yaml
var febrileChildYAML []byte

// DayBand is an age in days from FromDays up to (not including) UnderDays.
type DayBand struct {
	FromDays  int `yaml:"from_days"`
	UnderDays int `yaml:"under_days"`
}

// Holds reports whether an age in days is in the band.
func (b DayBand) Holds(ageDays int) bool {
	return ageDays >= b.FromDays && ageDays < b.UnderDays
}

// TrafficSign is one reading of the NICE NG143 traffic-light table: an
// observation over Above (or at AtLeast or more) in an age band.
type TrafficSign struct {
	Observation string `yaml:"observation"`
	DayBand     `yaml:",inline"`
	Above       float64 `yaml:"above"`
	AtLeast     float64 `yaml:"at_least"`
}

// Met reports whether reading v at an age in days is the sign.
func (t *TrafficSign) Met(ageDays int, v float64) bool {
	if !t.Holds(ageDays) {
		return false
	}
	if t.AtLeast > 0 {
		return v >= t.AtLeast
	}
	return v > t.Above
}

// AgeTest is a test taken in an age band.
type AgeTest struct {
	Observation string `yaml:"observation"`
	DayBand     `yaml:",inline"`
}

// FebrileChild is febrilechild.yaml febrile_child (brief h66d): a child
// under UnderAgeDays seen face to face about Problem with an Amber reading
// has the urine test of their age taken at the contact.
type FebrileChild struct {
	Problem      string        `yaml:"problem"`
	UnderAgeDays int           `yaml:"under_age_days"`
	Amber        []TrafficSign `yaml:"amber"`
	UrineTests   []AgeTest     `yaml:"urine_tests"`
	Source       string        `yaml:"source"`
	// AEAdmit is the red sign that admits a baby from A&E whatever the
	// problem (h70a): a temperature of 38 or more under 3 months.
	AEAdmit *TrafficSign `yaml:"ae_admit"`
	// AEAdmitSource is AEAdmit's.
	AEAdmitSource string `yaml:"ae_admit_source"`
}

type febrileChildFile struct {
	FebrileChild FebrileChild `yaml:"febrile_child"`
}

// LoadFebrileChild returns febrilechild.yaml's febrile_child, checked.
var LoadFebrileChild = sync.OnceValues(func() (*FebrileChild, error) {
	var f febrileChildFile
	if err := decodeStrict(febrileChildYAML, &f); err != nil {
		return nil, fmt.Errorf("febrilechild.yaml: %w", err)
	}
	fc := &f.FebrileChild
	if fc.Problem == "" || fc.UnderAgeDays <= 0 || len(fc.Amber) == 0 || len(fc.UrineTests) == 0 || fc.Source == "" {
		return nil, fmt.Errorf("febrilechild.yaml: febrile_child needs a problem, under_age_days, amber signs, urine tests and a source")
	}
	for _, a := range fc.Amber {
		if _, ok := ObservationByKey(a.Observation); !ok || a.UnderDays <= a.FromDays || (a.Above > 0) == (a.AtLeast > 0) {
			return nil, fmt.Errorf("febrilechild.yaml: amber sign %q needs an observation_codes.csv observation, from_days < under_days and one of above or at_least", a.Observation)
		}
	}
	for _, t := range fc.UrineTests {
		if _, ok := ObservationByKey(t.Observation); !ok || t.UnderDays <= t.FromDays {
			return nil, fmt.Errorf("febrilechild.yaml: urine test %q needs an observation_codes.csv observation and from_days < under_days", t.Observation)
		}
	}
	if a := fc.AEAdmit; a != nil {
		if _, ok := ObservationByKey(a.Observation); !ok || a.UnderDays <= a.FromDays || a.AtLeast <= 0 || fc.AEAdmitSource == "" {
			return nil, fmt.Errorf("febrilechild.yaml: ae_admit needs an observation_codes.csv observation, from_days < under_days, at_least and ae_admit_source")
		}
	}
	return fc, nil
})
