package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed uticulture.yaml
var utiCultureYAML []byte

// CultureResult is uticulture.yaml culture_result (brief h63e): a culture
// of Observation sent at a contact about Problem is reported ReportDays
// later; an organism of Grown resistant to the antibiotic given (drawn at
// its Resistance share) changes the course to the entry's Switch.
type CultureResult struct {
	Observation string   `yaml:"observation"`
	Problem     string   `yaml:"problem"`
	ReportDays  [2]int   `yaml:"report_days"`
	ActWithin   int      `yaml:"act_within_days"`
	MinAge      int      `yaml:"min_age"`
	ResultCode  string   `yaml:"result_code"`
	Grown       []string `yaml:"grown"`
	// Resistant is the value of a susceptibility test whose organism is
	// resistant to the drug (brief h64g).
	Resistant  CodedValue   `yaml:"resistant"`
	Resistance []Resistance `yaml:"resistance"`
	// InPregnancy is the switch in a known pregnancy, whatever the drug.
	InPregnancy string `yaml:"in_pregnancy"`
	Source      string `yaml:"source"`
}

// Resistance is the share of grown organisms resistant to Drug, and the
// drug a resistant one is changed to.
type Resistance struct {
	Drug   string  `yaml:"drug"`
	Share  float64 `yaml:"share"`
	Switch string  `yaml:"switch"`
	// Then is given when Switch is ruled out on the day.
	Then string `yaml:"then"`
	// Susceptibility is the drug's susceptibility test (an
	// observation_codes.csv key), coded Resistant at the result's call.
	Susceptibility string `yaml:"susceptibility"`
}

type utiCultureFile struct {
	CultureResult CultureResult `yaml:"culture_result"`
}

var loadCultureResult = sync.OnceValues(func() (*CultureResult, error) {
	var f utiCultureFile
	if err := decodeStrict(utiCultureYAML, &f); err != nil {
		return nil, fmt.Errorf("uticulture.yaml: %w", err)
	}
	c := &f.CultureResult
	for _, k := range []string{c.Observation, c.ResultCode} {
		if _, ok := ObservationByKey(k); !ok {
			return nil, fmt.Errorf("uticulture.yaml: observation %q is not in observation_codes.csv", k)
		}
	}
	if c.Problem == "" || c.ReportDays[0] < 1 || c.ReportDays[1] < c.ReportDays[0] || c.ActWithin < 0 || len(c.Grown) == 0 || len(c.Resistance) == 0 || c.Resistant.Code == "" || c.Resistant.Display == "" || c.Source == "" {
		return nil, fmt.Errorf("uticulture.yaml: culture_result needs a problem, report_days [from, to] from 1, grown organisms, resistance and a source")
	}
	for _, r := range c.Resistance {
		if r.Share < 0 || r.Share > 1 || r.Drug == "" || r.Switch == "" || r.Then == "" {
			return nil, fmt.Errorf("uticulture.yaml: resistance to %q needs a share in [0, 1], a switch and a then", r.Drug)
		}
		if _, ok := ObservationByKey(r.Susceptibility); !ok {
			return nil, fmt.Errorf("uticulture.yaml: resistance to %q: susceptibility %q is not in observation_codes.csv", r.Drug, r.Susceptibility)
		}
	}
	return c, nil
})

// LoadCultureResult returns uticulture.yaml's culture_result.
func LoadCultureResult() (*CultureResult, error) { return loadCultureResult() }
