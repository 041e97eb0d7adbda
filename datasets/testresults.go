package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed test_results.yaml
var testResultsYAML []byte

// TestResult is the result of one test key of observation_codes.csv:
// the first of its arms that fits the person on the test's day gives it
// (test_results.yaml; h56g).
type TestResult struct {
	Observation string      `yaml:"observation"`
	Arms        []ResultArm `yaml:"arms"`
	// Reported, set for a culture (brief h75c), says when its growth is
	// known: the sample is coded at its contact, the growth days later.
	Reported *ResultReport `yaml:"reported"`
}

// ResultReport is when a culture's laboratory reports it: NoGrowthDays
// after the sample for NoGrowth, GrownDays for an organism; Sample is the
// observation_codes.csv key of the specimen taken, coded at the contact.
type ResultReport struct {
	Sample       string `yaml:"sample"`
	NoGrowth     string `yaml:"no_growth"`
	NoGrowthDays int    `yaml:"no_growth_days"`
	GrownDays    int    `yaml:"grown_days"`
	Source       string `yaml:"source"`
}

// ResultArm is one case of a test's result. Held: the person holds one of
// the conditions by the test's day or within WithinDays after it. Reason:
// the test's encounter is about one of the conditions. Neither: any test.
// Exactly one of Coded and Numeric gives the result.
type ResultArm struct {
	Held       []string       `yaml:"held"`
	WithinDays int            `yaml:"within_days"`
	Reason     []string       `yaml:"reason"`
	Coded      []CodedValue   `yaml:"coded"`
	Numeric    *NumericResult `yaml:"numeric"`
	// Share, above 0, limits the arm to that share of the people it would
	// fit, by one uniform draw of the person's own shared by every test
	// (h57b): the rest read the next arm. Rheumatoid factor positive in 75%
	// of RA and anti-CCP in 70% on the same draw, so the antibodies are
	// negative together in seronegative RA.
	Share float64 `yaml:"share"`
	// Reading: the test's encounter records a reading of the observation
	// in the range (h61c): the ECG at a pulse under 60 shows sinus
	// bradycardia, not sinus rhythm.
	Reading *ResultReading `yaml:"reading"`
	Source  string         `yaml:"source"`
}

// ResultReading is a reading taken at the test's encounter: an
// observation_codes.csv key and a bound, Below or Above (one of them).
type ResultReading struct {
	Observation string   `yaml:"observation"`
	Below       *float64 `yaml:"below"`
	Above       *float64 `yaml:"above"`
}

// Holds reports whether value v is in the reading's range.
func (r *ResultReading) Holds(v float64) bool {
	return r.Below != nil && v < *r.Below || r.Above != nil && v > *r.Above
}

// NumericResult is a numeric result drawn from a normal distribution:
// Mean, plus AgeSlope a year over FromAge, plus MaleShift for a man, with
// spread SD, mirrored back inside [Min, Max] and rounded to Decimals.
type NumericResult struct {
	Mean      float64 `yaml:"mean"`
	FromAge   float64 `yaml:"from_age"`
	AgeSlope  float64 `yaml:"age_slope"`
	MaleShift float64 `yaml:"male_shift"`
	SD        float64 `yaml:"sd"`
	Min       float64 `yaml:"min"`
	Max       float64 `yaml:"max"`
	Decimals  int     `yaml:"decimals"`
}

var loadTestResults = sync.OnceValues(func() ([]TestResult, error) {
	var f struct {
		Results []TestResult `yaml:"results"`
	}
	if err := decodeStrict(testResultsYAML, &f); err != nil {
		return nil, fmt.Errorf("test_results.yaml: %w", err)
	}
	seen := map[string]bool{}
	for _, t := range f.Results {
		code, ok := ObservationByKey(t.Observation)
		if !ok || code.Snomed == "" || seen[t.Observation] {
			return nil, fmt.Errorf("test_results.yaml: %q is not a coded observation_codes.csv key, or is repeated", t.Observation)
		}
		seen[t.Observation] = true
		if len(t.Arms) == 0 {
			return nil, fmt.Errorf("test_results.yaml: %s has no arms", t.Observation)
		}
		for i, a := range t.Arms {
			if err := a.check(); err != nil {
				return nil, fmt.Errorf("test_results.yaml: %s arm %d: %w", t.Observation, i+1, err)
			}
		}
		if r := t.Reported; r != nil {
			if code, ok := ObservationByKey(r.Sample); !ok || code.Snomed == "" || r.NoGrowth == "" || r.NoGrowthDays < 1 || r.GrownDays < 1 || r.Source == "" {
				return nil, fmt.Errorf("test_results.yaml: %s reported needs a coded sample key, no_growth, positive days and a source", t.Observation)
			}
		}
		if last := t.Arms[len(t.Arms)-1]; len(last.Held) > 0 || len(last.Reason) > 0 || last.Reading != nil {
			return nil, fmt.Errorf("test_results.yaml: %s: the last arm must fit every test (no held, reason or reading)", t.Observation)
		}
	}
	return f.Results, nil
})

// check reports an arm that gives no result, or two, or has no source.
func (a *ResultArm) check() error {
	switch {
	case (len(a.Coded) > 0) == (a.Numeric != nil):
		return fmt.Errorf("needs exactly one of coded and numeric")
	case a.Source == "":
		return fmt.Errorf("needs a source")
	case len(a.Held) > 0 && len(a.Reason) > 0:
		return fmt.Errorf("held and reason are separate arms")
	case a.WithinDays < 0 || (a.WithinDays > 0 && len(a.Held) == 0):
		return fmt.Errorf("within_days reads held")
	case a.Share < 0 || a.Share >= 1:
		return fmt.Errorf("share is in (0, 1) when set")
	case a.Reading != nil && (len(a.Held) > 0 || len(a.Reason) > 0):
		return fmt.Errorf("reading, held and reason are separate arms")
	}
	if r := a.Reading; r != nil {
		if code, ok := ObservationByKey(r.Observation); !ok || code.Snomed == "" || (r.Below == nil) == (r.Above == nil) {
			return fmt.Errorf("reading needs a coded observation_codes.csv key and one of below and above")
		}
	}
	for _, v := range a.Coded {
		if v.Code == "" || v.Display == "" || v.Weight <= 0 {
			return fmt.Errorf("a coded value needs a code, a display and a positive weight")
		}
	}
	if n := a.Numeric; n != nil && (n.SD < 0 || n.Min >= n.Max || n.Mean < n.Min-3*n.SD || n.Mean > n.Max+3*n.SD || n.Decimals < 0) {
		return fmt.Errorf("numeric needs min < max, sd >= 0 and a mean near the range")
	}
	return nil
}

// testResultCode reports whether code is one of test_results.yaml's
// coded results (an audit rule's recorded codes for a test's result).
func testResultCode(code string) bool {
	list, err := loadTestResults()
	if err != nil {
		return false
	}
	for _, t := range list {
		for _, a := range t.Arms {
			for _, v := range a.Coded {
				if v.Code == code {
					return true
				}
			}
		}
	}
	return false
}

// LoadTestResults returns test_results.yaml, checked.
func LoadTestResults() ([]TestResult, error) { return loadTestResults() }
