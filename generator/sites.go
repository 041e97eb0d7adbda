package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// sitePlan is a primary site of a condition (cancer) with the cause of
// death it gives (the condition's own, coded for the site) and its
// treatments.
type sitePlan struct {
	*datasets.Site
	cause      datasets.DeathCause
	treatments []datasets.Combination    // the hospital treatments after an urgent referral
	hormone    *hormonePlan              // the endocrine therapy the clinic starts (hormone.go), nil none
	referral   *datasets.ObservationCode // the GP's urgent referral for it (urgent.go), nil none
	route      *siteRoute                // its route to diagnosis (presenting.go), nil none
	marker     *markerPlan               // the tumour marker that follows it (markers.go), nil none
}

// buildSites resolves the condition's sites (none for most conditions).
func buildSites(c *datasets.Condition) []sitePlan {
	out := make([]sitePlan, len(c.Sites))
	for i := range c.Sites {
		s := &c.Sites[i]
		out[i].Site, out[i].cause = s, *c.CauseOfDeath
		out[i].cause.ICD10, out[i].cause.Description = s.ICD10, s.Description
		if up := c.UrgentPathway; up != nil {
			out[i].treatments = up.SiteCombinations(s.Key)
		}
	}
	return out
}

// pickSite draws the primary site of the person's condition for their sex
// and age at diagnosis, from a stream of its own (so the other draws of the
// condition are as they were); none when the condition has no sites. For a
// person who dies in the simulated life each site's weight is multiplied by
// its lethality: among people with cancer who die, lung and pancreas cancers
// are common and thyroid and testicular ones rare, as their deaths are. A
// site's smoking multiplier puts lung cancer on smokers.
func (g *worker) pickSite(per *person, c *condPlan, hc *heldCondition) {
	hc.site = nil
	if len(c.sites) == 0 {
		return
	}
	s := per.stream(g.plan.Opts.Seed, purposeSite, uint64(c.idx))
	age := per.ageOn(hc.onset)
	dies := per.death != models.NoDate
	smoking := per.smoking.statusOn(hc.onset)
	weight := func(sp *sitePlan) float64 {
		w := sp.SiteWeight(per.sex, age)
		if dies {
			w *= sp.Lethality
		}
		if sm := sp.Smoking; sm != nil {
			w *= [...]float64{neverSmoked: sm.Never, exSmoker: sm.Ex, currentSmoker: sm.Current}[smoking]
		}
		return w
	}
	if i := s.PickBy(len(c.sites), func(i int) float64 { return weight(&c.sites[i]) }); i >= 0 {
		hc.site = &c.sites[i]
		g.diagnosedNearDeath(per, hc, &s)
	}
}

// rowCodes are the problem-list codes of the held condition: its site's
// when it has one.
func rowCodes(hc *heldCondition) (snomed, icd10, desc string) {
	if s := hc.site; s != nil {
		return s.Snomed, s.ICD10, s.Description
	}
	return hc.plan.Snomed, hc.plan.ICD10, hc.plan.Description
}

// diagnosedNearDeath brings a decedent's cancer diagnosis as close to the
// death as the site's survival allows: the time from diagnosis to death is
// drawn from the site's published survival curve (datasets.SiteSurvival:
// a pancreatic cancer kills a median of about six months after its
// diagnosis, a lung cancer about eight, a breast cancer years), and a
// diagnosis drawn earlier than that moves to it. Without this a pancreatic
// cancer killed six years after its diagnosis, with stable weight: the onset
// came from the register's prevalence, which knows nothing of the death. A
// death after the population date keeps its onset, so the register on that
// date is as drawn; so do diagnoses too old for the site at the new date.
func (g *worker) diagnosedNearDeath(per *person, hc *heldCondition, s *distributions.Stream) {
	site := hc.site
	if per.death == models.NoDate || per.death > g.plan.Opts.Population() {
		return
	}
	years := site.Survival.YearsToDeath(s.Float64())
	onset := min(per.death-models.Date(years*365.25), per.death-lastWeeksDays)
	if onset <= hc.onset || site.MaxAge > 0 && per.ageOn(onset) > site.MaxAge {
		return
	}
	hc.onset = onset
}
