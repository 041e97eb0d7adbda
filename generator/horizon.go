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
	s := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeDeath, 3)
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
// population date is diagnosed before their last day, or NoDate. With the
// same uniform u that decided the population date, the person develops the
// condition in the first later year whose age puts u under the condition's
// chance: prevalence that rises with age becomes incidence, and the
// population date's prevalence is unchanged.
func (g *worker) laterOnset(per *person, ci int, has []bool, u float64, s *distributions.Stream) models.Date {
	p := g.plan
	smoke := per.smoking.statusAtEnd
	for year := 1; per.anchor+models.Date(365*(year-1)) < per.lastDay; year++ {
		age := per.ageAtEnd + year
		if !p.hasCondition(ci, per.sex, min(age, maxAge), age, false, smoke, has, u) {
			continue
		}
		d := per.anchor + models.Date(365*(year-1)+1+s.IntN(365))
		if d > per.lastDay || (per.death != models.NoDate && d > per.death-lastWeeksDays) {
			return models.NoDate
		}
		return d
	}
	return models.NoDate
}
