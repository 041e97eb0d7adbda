package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed seasons.yaml
var seasonsYAML []byte

// Season is a month weighting of acute presentations (seasons.yaml, brief
// h72d): Months, January to December, are relatives that the loader scales
// to average 1, so that a year's expected number of episodes is kept and
// only moved between months.
type Season struct {
	Name          string      `yaml:"name"`
	Presentations []string    `yaml:"presentations"`
	Months        [12]float64 `yaml:"months"`
	Source        string      `yaml:"source"`
}

type seasonsFile struct {
	Seasons []Season `yaml:"seasons"`
}

var loadSeasons = sync.OnceValues(func() ([]Season, error) {
	var f seasonsFile
	if err := decodeStrict(seasonsYAML, &f); err != nil {
		return nil, fmt.Errorf("seasons.yaml: %w", err)
	}
	seen := map[string]bool{}
	for i := range f.Seasons {
		s := &f.Seasons[i]
		if s.Name == "" || len(s.Presentations) == 0 || s.Source == "" {
			return nil, fmt.Errorf("seasons.yaml: season %d needs a name, presentations and a source", i)
		}
		var sum float64
		for _, m := range s.Months {
			if m <= 0 {
				return nil, fmt.Errorf("seasons.yaml: %s: every month needs a weight above 0", s.Name)
			}
			sum += m
		}
		for m := range s.Months {
			s.Months[m] *= 12 / sum
		}
		for _, k := range s.Presentations {
			if seen[k] {
				return nil, fmt.Errorf("seasons.yaml: presentation %q has two seasons", k)
			}
			seen[k] = true
		}
	}
	return f.Seasons, nil
})

// LoadSeasons returns seasons.yaml's seasons, each month's weight scaled so
// that a season's twelve average 1.
func LoadSeasons() ([]Season, error) { return loadSeasons() }
