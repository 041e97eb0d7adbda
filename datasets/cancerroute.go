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
	Source    string      `yaml:"source"`
	Sites     []SiteRoute `yaml:"sites"`
	NotCancer NotCancer   `yaml:"not_cancer"`
}

// NotCancer is the urgent suspected-cancer referrals of people who do not
// have cancer (twenty-seventh review): a yearly chance by catalogue age
// band, the clinic some days later that excludes it, and the symptoms that
// prompt them, each with the site whose referral it is, by weight.
type NotCancer struct {
	Source      string              `yaml:"source"`
	PerThousand []float64           `yaml:"per_1000_years"` // by catalogue age band
	ClinicDays  [2]int              `yaml:"clinic_days"`
	Referrals   []NotCancerReferral `yaml:"referrals"`
}

// NotCancerReferral is one symptom that prompts a referral for a site, for
// a sex ("" both) from an age, with its weight among the referrals.
type NotCancerReferral struct {
	Site    string  `yaml:"site"`
	Sex     string  `yaml:"sex"`
	MinAge  int     `yaml:"min_age"`
	Symptom string  `yaml:"symptom"`
	Weight  float64 `yaml:"weight"`
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
	if err := r.NotCancer.check(); err != nil {
		return fmt.Errorf("not_cancer: %w", err)
	}
	if err := r.NotCancer.check(); err != nil {
		return fmt.Errorf("not_cancer: %w", err)
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

func (n *NotCancer) check() error {
	if n.Source == "" || len(n.PerThousand) == 0 || len(n.Referrals) == 0 || n.ClinicDays[0] < 1 || n.ClinicDays[1] < n.ClinicDays[0] {
		return fmt.Errorf("needs a source, per_1000_years, referrals and clinic_days 1 <= low <= high")
	}
	for _, v := range n.PerThousand {
		if v < 0 || v > 1000 {
			return fmt.Errorf("per_1000_years must be in [0, 1000]")
		}
	}
	for _, r := range n.Referrals {
		o, ok := ObservationByKey(r.Symptom)
		if r.Site == "" || !ok || o.Snomed == "" || r.Weight <= 0 || r.MinAge < 0 || (r.Sex != "" && r.Sex != "female" && r.Sex != "male") {
			return fmt.Errorf("referral %s/%s: needs a site, a coded symptom, a weight above 0, min_age from 0 and sex female, male or empty", r.Site, r.Symptom)
		}
	}
	return nil
}
