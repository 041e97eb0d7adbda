package datasets

import "fmt"

// Site is one primary site of a condition coded by where it arose (cancer):
// a GP's cancer register holds breast, prostate and bowel cancers, not
// "malignant neoplasm, site unspecified". A person's site is drawn at the
// diagnosis from the weights for their sex (Child: under ChildUnder years,
// either sex), among the sites whose MinAge they have reached. The site's
// codes are the problem-list row's and, when the person dies of it, the
// underlying cause of death's.
type Site struct {
	Key         string  `yaml:"key"`
	Snomed      string  `yaml:"snomed"`
	ICD10       string  `yaml:"icd10"`
	Description string  `yaml:"description"`
	Female      float64 `yaml:"female"`
	Male        float64 `yaml:"male"`
	Child       float64 `yaml:"child"`
	MinAge      int     `yaml:"min_age"`
	MaxAge      int     `yaml:"max_age"` // the oldest age at diagnosis (testicular cancer is a young man's); 0: none
	// Lethality is deaths a year per person living with the cancer (its
	// share of the condition's deaths follows it, normalised over the
	// register's mix, so the condition's deaths in total do not change).
	Lethality float64 `yaml:"lethality"`
	// Survival is the share alive one and five years after the diagnosis:
	// how long before a death from it the diagnosis comes.
	Survival *SiteSurvival `yaml:"survival"`
	// Smoking multiplies the site's weight by smoking status at diagnosis
	// (relative to the population's mix, so the site's share is about the
	// same overall and falls on smokers).
	Smoking *SiteSmoking `yaml:"smoking"`
	// AgeFactors multiply the site's weight at diagnosis below an age (the
	// first whose Under is above the age): the weights are shares of the
	// people living with cancer, and some sites are far rarer among the
	// young than those shares say (prostate cancer under 50).
	AgeFactors []AgeFactor `yaml:"age_factors"`
}

// AgeFactor multiplies a site's weight at ages below Under.
type AgeFactor struct {
	Under  int     `yaml:"under"`
	Factor float64 `yaml:"factor"`
}

// SiteSmoking is a site's weight multiplier for never-, ex- and current
// smokers.
type SiteSmoking struct {
	Never   float64 `yaml:"never"`
	Ex      float64 `yaml:"ex"`
	Current float64 `yaml:"current"`
}

// ChildUnder is the age below which cancer sites are drawn from the
// childhood weights (the cancers of children differ from adults').
const ChildUnder = 15

// SiteWeight is the weight of the site for a person of the sex (0 female,
// 1 male) and age at diagnosis.
func (s *Site) SiteWeight(sex, age int) float64 {
	switch {
	case age < ChildUnder:
		return s.Child
	case age < s.MinAge || s.MaxAge > 0 && age > s.MaxAge:
		return 0
	}
	w := s.Male
	if sex == 0 {
		w = s.Female
	}
	for _, f := range s.AgeFactors {
		if age < f.Under {
			return w * f.Factor
		}
	}
	return w
}

// checkSites checks a condition's sites: codes, weights that are not
// negative, a positive lethality, and some site for every sex and age.
func checkSites(cond *Condition) error {
	if len(cond.Sites) == 0 {
		if up := cond.UrgentPathway; up != nil && len(up.BySite) > 0 {
			return fmt.Errorf("condition %s: urgent_pathway by_site without sites", cond.Key)
		}
		return nil
	}
	if cond.CauseOfDeath == nil {
		return fmt.Errorf("condition %s: sites need the condition's cause_of_death (their deaths take its weight)", cond.Key)
	}
	seen := map[string]bool{}
	for _, s := range cond.Sites {
		if s.Key == "" || seen[s.Key] || s.Snomed == "" || s.ICD10 == "" || s.Description == "" {
			return fmt.Errorf("condition %s: site %q needs a unique key, snomed, icd10 and description", cond.Key, s.Key)
		}
		seen[s.Key] = true
		if sm := s.Smoking; sm != nil && (sm.Never <= 0 || sm.Ex <= 0 || sm.Current <= 0) {
			return fmt.Errorf("condition %s: site %s: smoking multipliers must be positive", cond.Key, s.Key)
		}
		if s.Female < 0 || s.Male < 0 || s.Child < 0 || s.Lethality <= 0 || s.MinAge < 0 || s.MaxAge != 0 && s.MaxAge < max(s.MinAge, ChildUnder) {
			return fmt.Errorf("condition %s: site %s: weights must not be negative, lethality must be positive and max_age at least min_age (and %d)", cond.Key, s.Key, ChildUnder)
		}
		if err := s.Survival.check(s.Key); err != nil {
			return fmt.Errorf("condition %s: %w", cond.Key, err)
		}
		for i, f := range s.AgeFactors {
			if f.Factor <= 0 || f.Under <= ChildUnder || i > 0 && f.Under <= s.AgeFactors[i-1].Under {
				return fmt.Errorf("condition %s: site %s: age_factors need positive factors under rising ages above %d", cond.Key, s.Key, ChildUnder)
			}
		}
	}
	if up := cond.UrgentPathway; up != nil {
		for site := range up.BySite {
			if !seen[site] {
				return fmt.Errorf("condition %s: urgent_pathway by_site names unknown site %q", cond.Key, site)
			}
		}
	}
	for sex := 0; sex < 2; sex++ {
		for age := 0; age <= 120; age++ {
			total := 0.0
			for i := range cond.Sites {
				total += cond.Sites[i].SiteWeight(sex, age)
			}
			if total <= 0 {
				return fmt.Errorf("condition %s: no site for sex %d at age %d", cond.Key, sex, age)
			}
		}
	}
	return nil
}
