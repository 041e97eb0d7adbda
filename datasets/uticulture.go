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
	// NoGrowth is the culture's value when nothing grew: the UTI is not
	// confirmed and its episode is closed at the report (brief h66g).
	NoGrowth string `yaml:"no_growth"`
	// Resistant is the value of a susceptibility test whose organism is
	// resistant to the drug (brief h64g).
	Resistant CodedValue `yaml:"resistant"`
	// Susceptible is its value when the organism is sensitive: coded at
	// the call that gives the result (brief h74c).
	Susceptible CodedValue   `yaml:"susceptible"`
	Resistance  []Resistance `yaml:"resistance"`
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

// InfantScan is uticulture.yaml infant_scan (brief h64g): a baby whose
// first episode of Problem begins aged FromAgeDays to under UnderAgeDays
// and is not scanned in a stay has Observation coded at a hospital
// outpatient attendance Days after the episode's first day (NICE NG224:
// an ultrasound within 6 weeks).
type InfantScan struct {
	Problem      string `yaml:"problem"`
	Observation  string `yaml:"observation"`
	FromAgeDays  int    `yaml:"from_age_days"`
	UnderAgeDays int    `yaml:"under_age_days"`
	Days         [2]int `yaml:"days"`
	Source       string `yaml:"source"`
}

type utiCultureFile struct {
	CultureResult CultureResult `yaml:"culture_result"`
	InfantScan    InfantScan    `yaml:"infant_scan"`
}

var loadUTICulture = sync.OnceValues(func() (*utiCultureFile, error) {
	var f utiCultureFile
	if err := decodeStrict(utiCultureYAML, &f); err != nil {
		return nil, fmt.Errorf("uticulture.yaml: %w", err)
	}
	sc := &f.InfantScan
	if _, ok := ObservationByKey(sc.Observation); !ok || sc.Problem == "" || sc.FromAgeDays < 0 || sc.UnderAgeDays <= sc.FromAgeDays || sc.Days[0] < 1 || sc.Days[1] < sc.Days[0] || sc.Source == "" {
		return nil, fmt.Errorf("uticulture.yaml: infant_scan needs a problem, an observation_codes.csv observation, ages from_age_days < under_age_days, days [from, to] from 1 and a source")
	}
	if err := checkCultureResult(&f.CultureResult); err != nil {
		return nil, err
	}
	return &f, nil
})

// checkCultureResult checks culture_result.
func checkCultureResult(c *CultureResult) error {
	for _, k := range []string{c.Observation, c.ResultCode} {
		if _, ok := ObservationByKey(k); !ok {
			return fmt.Errorf("uticulture.yaml: observation %q is not in observation_codes.csv", k)
		}
	}
	if c.Problem == "" || c.ReportDays[0] < 1 || c.ReportDays[1] < c.ReportDays[0] || c.ActWithin < 0 || len(c.Grown) == 0 || c.NoGrowth == "" || len(c.Resistance) == 0 || c.Resistant.Code == "" || c.Resistant.Display == "" || c.Susceptible.Code == "" || c.Susceptible.Display == "" || c.Source == "" {
		return fmt.Errorf("uticulture.yaml: culture_result needs a problem, report_days [from, to] from 1, grown organisms, no_growth, resistance and a source")
	}
	for _, r := range c.Resistance {
		if r.Share < 0 || r.Share > 1 || r.Drug == "" || r.Switch == "" || r.Then == "" {
			return fmt.Errorf("uticulture.yaml: resistance to %q needs a share in [0, 1], a switch and a then", r.Drug)
		}
		if _, ok := ObservationByKey(r.Susceptibility); !ok {
			return fmt.Errorf("uticulture.yaml: resistance to %q: susceptibility %q is not in observation_codes.csv", r.Drug, r.Susceptibility)
		}
	}
	return nil
}

// LoadCultureResult returns uticulture.yaml's culture_result.
func LoadCultureResult() (*CultureResult, error) {
	f, err := loadUTICulture()
	if err != nil {
		return nil, err
	}
	return &f.CultureResult, nil
}

// LoadInfantScan returns uticulture.yaml's infant_scan.
func LoadInfantScan() (*InfantScan, error) {
	f, err := loadUTICulture()
	if err != nil {
		return nil, err
	}
	return &f.InfantScan, nil
}
