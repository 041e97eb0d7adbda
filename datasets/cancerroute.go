package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed cancer_routes.yaml
var cancerRoutesYAML []byte

// CancerRoutes is how cancers reach their diagnosis, by primary site
// (cancer_routes.yaml; twentieth review): the symptom the GP records at
// the consultation that makes the urgent suspected-cancer referral, and
// the share diagnosed after an emergency presentation instead.
type CancerRoutes struct {
	Source string      `yaml:"source"`
	Sites  []SiteRoute `yaml:"sites"`
}

// SiteRoute is one primary site's route to diagnosis.
type SiteRoute struct {
	Site      string           `yaml:"site"` // a catalogue site key (cancer sites)
	Emergency RouteShare       `yaml:"emergency"`
	Symptoms  []PresentingSign `yaml:"symptoms"`
}

// RouteShare is a published share with its source and status (verified:
// read in the source this session; approx: recalled or second-hand).
type RouteShare struct {
	Share  float64 `yaml:"share"`
	Status string  `yaml:"status"`
	Source string  `yaml:"source"`
}

// PresentingSign is a symptom recorded at the referring consultation: an
// observation_codes.csv key and its weight among the site's symptoms.
type PresentingSign struct {
	Observation string  `yaml:"observation"`
	Weight      float64 `yaml:"weight"`
}

var loadCancerRoutes = sync.OnceValues(func() (*CancerRoutes, error) {
	var r CancerRoutes
	if err := decodeStrict(cancerRoutesYAML, &r); err != nil {
		return nil, fmt.Errorf("cancer_routes.yaml: %w", err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("cancer_routes.yaml: %w", err)
	}
	return &r, nil
})

// CancerRouteData returns the routes to diagnosis (shared: do not modify).
func CancerRouteData() (*CancerRoutes, error) { return loadCancerRoutes() }

// Route returns the site's route to diagnosis, or nil when it has none.
func (r *CancerRoutes) Route(site string) *SiteRoute {
	for i := range r.Sites {
		if r.Sites[i].Site == site {
			return &r.Sites[i]
		}
	}
	return nil
}

// SymptomKeys returns every symptom key the routes name, each once, in
// file order.
func (r *CancerRoutes) SymptomKeys() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.Sites {
		for _, p := range s.Symptoms {
			if !seen[p.Observation] {
				seen[p.Observation] = true
				out = append(out, p.Observation)
			}
		}
	}
	return out
}

func (r *CancerRoutes) check() error {
	if r.Source == "" || len(r.Sites) == 0 {
		return fmt.Errorf("needs a source and sites")
	}
	seen := map[string]bool{}
	for _, s := range r.Sites {
		if s.Site == "" || seen[s.Site] {
			return fmt.Errorf("site %q: empty or listed twice", s.Site)
		}
		seen[s.Site] = true
		e := s.Emergency
		if e.Share < 0 || e.Share >= 1 || e.Source == "" || (e.Status != "verified" && e.Status != "approx") {
			return fmt.Errorf("site %s: emergency needs a share in [0, 1), a source and a status (verified or approx)", s.Site)
		}
		if len(s.Symptoms) == 0 {
			return fmt.Errorf("site %s: needs at least one presenting symptom", s.Site)
		}
		for _, p := range s.Symptoms {
			o, ok := ObservationByKey(p.Observation)
			if !ok || o.Snomed == "" {
				return fmt.Errorf("site %s: symptom %q has no SNOMED CT code in observation_codes.csv", s.Site, p.Observation)
			}
			if p.Weight <= 0 {
				return fmt.Errorf("site %s: symptom %q needs a weight above 0", s.Site, p.Observation)
			}
		}
	}
	return nil
}
