package datasets

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

//go:embed day_case.yaml
var dayCaseYAML []byte

// DayCases is day_case.yaml (brief h73h): when a day unit's list admits,
// how long a day case stays in the unit by what is done, and which cancer
// operations are day cases.
type DayCases struct {
	ListStart      ListStart       `yaml:"list_start"`
	InUnit         []InUnit        `yaml:"in_unit"`
	DefaultMinutes [2]int          `yaml:"default_minutes"`
	DefaultSource  string          `yaml:"default_source"`
	CancerSurgery  []CancerSurgery `yaml:"cancer_surgery"`
}

// ListStart is the admission times of a day unit's lists, in minutes
// after local midnight, every Step.
type ListStart struct {
	FromMinute int    `yaml:"from_minute"`
	ToMinute   int    `yaml:"to_minute"`
	Step       int    `yaml:"step"`
	Source     string `yaml:"source"`
}

// InUnit is the time in the unit, [from, to] minutes, for day cases of
// Keys.
type InUnit struct {
	Keys    []string `yaml:"keys"`
	Minutes [2]int   `yaml:"minutes"`
	Source  string   `yaml:"source"`
}

// CancerSurgery is the share of a primary site's cancer operations done as
// day cases, the rest a stay of a median of StayDays.
type CancerSurgery struct {
	Site     string  `yaml:"site"`
	DayCase  float64 `yaml:"day_case"`
	StayDays float64 `yaml:"stay_days"`
	Source   string  `yaml:"source"`
}

// Minutes is the time in the unit of a day case of key.
func (d *DayCases) Minutes(key string) [2]int {
	for _, u := range d.InUnit {
		if slices.Contains(u.Keys, key) {
			return u.Minutes
		}
	}
	return d.DefaultMinutes
}

// Surgery is the site's cancer_surgery entry, nil when it has none.
func (d *DayCases) Surgery(site string) *CancerSurgery {
	for i := range d.CancerSurgery {
		if d.CancerSurgery[i].Site == site {
			return &d.CancerSurgery[i]
		}
	}
	return nil
}

func validMinutes(m [2]int) bool { return m[0] > 0 && m[1] >= m[0] }

var loadDayCases = sync.OnceValues(func() (*DayCases, error) {
	var d DayCases
	if err := decodeStrict(dayCaseYAML, &d); err != nil {
		return nil, fmt.Errorf("day_case.yaml: %w", err)
	}
	ls := d.ListStart
	if ls.FromMinute < 0 || ls.ToMinute < ls.FromMinute || ls.ToMinute >= 24*60 || ls.Step <= 0 || ls.Source == "" {
		return nil, fmt.Errorf("day_case.yaml: list_start needs from_minute <= to_minute within the day, a step and a source")
	}
	if !validMinutes(d.DefaultMinutes) || d.DefaultSource == "" {
		return nil, fmt.Errorf("day_case.yaml: default_minutes [from, to] and a default_source")
	}
	for _, u := range d.InUnit {
		if len(u.Keys) == 0 || !validMinutes(u.Minutes) || u.Source == "" {
			return nil, fmt.Errorf("day_case.yaml: in_unit %v needs keys, minutes [from, to] and a source", u.Keys)
		}
	}
	for _, c := range d.CancerSurgery {
		if c.Site == "" || c.DayCase < 0 || c.DayCase > 1 || c.StayDays <= 0 || c.Source == "" {
			return nil, fmt.Errorf("day_case.yaml: cancer_surgery %q needs a day_case share in [0, 1], stay_days and a source", c.Site)
		}
	}
	return &d, nil
})

// LoadDayCases returns day_case.yaml.
func LoadDayCases() (*DayCases, error) { return loadDayCases() }
