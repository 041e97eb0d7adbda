package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Lives past the population date. The population is drawn for its
// population date (who is alive, their conditions, smoking and registration);
// a life is then simulated to the horizon and cut at the as-of date. What
// happens after the population date comes from processes that run forward in
// time, each on its own stream: deaths from the life table and new diagnoses
// from the rise of prevalence with age.

// laterDeath simulates whether a person alive on the population date dies
// before the horizon: in each year after it they die with the life-table
// chance for their age and sex, on a day of that year. A death depends only
// on the years up to it, never on how far the horizon lies beyond it.
func (g *worker) laterDeath(per *person) {
	p := g.plan
	r, e := per.anchor, per.lastDay
	if e <= r {
		return
	}
	s := per.stream(p.Opts.Seed, purposeDeath, 3)
	for from := r + 1; from <= e; from += 365 {
		if s.Bernoulli(datasets.DeathProbability(per.ageOn(from), sexNames[per.sex])) {
			if d := from + models.Date(s.IntN(365)); d <= e {
				per.death, per.lastDay = d, d
			}
			return
		}
	}
}

// laterOnset is the day a condition the person does not hold on the
// population date is diagnosed before their last day, or NoDate. Diagnoses
// before the population date are drawn back from it, an exponential number
// of years with the condition's mean (onsetDate): in a steady population
// that is a yearly incidence of prevalence / mean years. Forward in time the
// same incidence falls on the people without the condition, as a yearly
// hazard p / (mean * (1 - p)) at the prevalence p for their age that year,
// so the registers neither empty nor overflow as the population ages.
func (g *worker) laterOnset(per *person, ci int, has []bool, s *distributions.Stream) models.Date {
	p := g.plan
	c := &p.conds[ci]
	smoke := per.smoking.statusAtEnd
	mean := max(c.Onset.MeanYears, 1)
	for year := 1; per.anchor+models.Date(365*(year-1)) < per.lastDay; year++ {
		age := per.ageAtEnd + year
		if age < c.Onset.MinAge {
			s.Float64() // one draw a year, whatever the age
			continue
		}
		prev := min(p.conditionChance(ci, per.sex, min(age, maxAge), false, smoke, has), 0.95)
		if s.Float64() >= prev/(mean*(1-prev)) {
			continue
		}
		for _, x := range c.excludes {
			if has[x] {
				return models.NoDate
			}
		}
		d := per.anchor + models.Date(365*(year-1)+1+s.IntN(365))
		if d > per.lastDay || (per.death != models.NoDate && d > per.death-lastWeeksDays) {
			return models.NoDate
		}
		return d
	}
	return models.NoDate
}
