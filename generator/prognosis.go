package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// The living on the palliative care register. A practice's register holds
// people in their last year or years of life, most of them alive on any
// day (QOF PC001); before the fifteenth review only people who died within
// the record were ever put on it, 6-13 weeks before their death, so nobody
// alive at the as-of date was on it. A person alive on their last day is
// now given the death to come, as laterDeath does past the population date
// (horizon.go): in each of the years after their last day they die with the
// life table's chance for their age and sex. That death's cause is drawn
// from their conditions as causeOfDeath draws a decedent's, and when it is
// expected, end-of-life care begins the cause's time on the register
// before it (catalogue end_of_life trajectories): if that is on or before
// the last day, they are on the register now. The death itself is never
// written.

// prognosis dates the start of end-of-life care of a person alive on their
// last day whose expected death to come is near enough (per.eolStart, with
// per.causeID the condition it will be from); it runs after causeOfDeath.
func (w *worker) prognosis(per *person) {
	eol := w.plan.Cat.EndOfLife
	if eol == nil || per.death != models.NoDate || per.cohort != nil || len(eol.Trajectories) == 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposePrognosis)
	death := w.deathToCome(per, eol.CareDaysBefore[1], &s)
	if death == models.NoDate {
		return
	}
	hc, cd := w.causeToCome(per, death, &s)
	if hc == nil || !expectedFrom(cd, &s) {
		return
	}
	start := max(death-registerDays(eol, cd.Trajectory, &s), careMayBegin(per, hc, cd, death), per.firstDay)
	if start <= per.lastDay && start < death {
		per.eolStart, per.causeID = start, hc.id
	}
}

// deathToCome is the day a person alive on their last day dies, when that
// is within within days of it (NoDate otherwise): the life table's chance
// in each year after it.
func (w *worker) deathToCome(per *person, within int, s *distributions.Stream) models.Date {
	for from := per.lastDay + 1; from <= per.lastDay+models.Date(within); from += 365 {
		if s.Bernoulli(datasets.DeathProbability(per.ageOn(from), sexNames[per.sex])) {
			return from + models.Date(s.IntN(365))
		}
	}
	return models.NoDate
}

// causeToCome draws the cause of a death on day death among the person's
// conditions and the background causes of their age, weighted as
// causeOfDeath weights them (the conditions' severity read on the last
// day); nil when the cause is not one of their conditions.
func (w *worker) causeToCome(per *person, death models.Date, s *distributions.Stream) (*heldCondition, *datasets.DeathCause) {
	p := w.plan
	age := per.ageOn(death)
	band := p.Cat.BandOf(age)
	weights := w.causeWeights(per, death, per.lastDay) // causefit.go
	var explained float64
	for _, wt := range weights {
		explained += wt
	}
	total := explained
	for i := range p.Cat.BackgroundCauses {
		total += backgroundWeight(per, &p.Cat.BackgroundCauses[i], band, age, death, explained)
	}
	u := s.Float64() * total
	for k := range per.conds {
		if u -= weights[k]; u < 0 && weights[k] > 0 {
			return &per.conds[k], w.offeredCause(per, &per.conds[k], death)
		}
	}
	return nil, nil
}

// livingRegister writes the palliative care register entry of a person
// alive on their last day whose end-of-life care has begun (prognosis): the
// GP contact that begins it, at home from the end-of-life home-visit age.
func (w *worker) livingRegister(per *person) {
	eol := w.plan.Cat.EndOfLife
	if eol == nil || per.death != models.NoDate || per.eolStart == 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposePrognosis, 1)
	kind := encGPProblem
	if per.ageOn(per.lastDay) >= eol.HomeVisitsFromAge {
		kind = encGPHomeVisit
	}
	enc, start, ok := w.gpVisit(per, per.eolStart, kind, per.causeID, &s)
	if !ok {
		return
	}
	enc, start = w.firstEndOfLifeContact(per, enc, start)
	w.registerEntry(per, enc, start) // (eolRegistered is for a death on the record: its verification)
	rs := per.stream(w.plan.Opts.Seed, purposePrognosis, 2)
	w.registerReviews(per, per.lastDay+1, &rs)
}
