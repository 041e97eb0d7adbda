package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Kinds of care a person's drinking may answer (the key of the draw).
const (
	careBrief = iota
	careExtended
	careSpecialist
)

// drinkingCourse is a person's drinking as the care given changes it
// (catalogue alcohol change; brief h62b). Before, the drinking drawn once
// was read at every reading: 102 units a week and the same AUDIT-C for ten
// years whatever advice was given (65b27877, generate -n 3000 -s 31). Read
// in time order by the walk of persistentdrinking.go, which gives the care.
type drinkingCourse struct {
	usual, now, next drinking
	nextFrom         models.Date // readings on a later day read next (NoDate: none pending)
	relapseOn        models.Date // from this day the usual drinking again (NoDate: none)
	// fixed: the record holds the dependence a death from alcoholic liver
	// disease writes years later; that death is theirs, so any change the
	// care brings ends in a relapse (h74f: before, they drank the same
	// units at every reading whatever care they had)
	fixed bool
	// relapseBy: for fixed, the day of the last weekly-units reading
	// (NoDate: none); the relapse comes by then, so the last units recorded
	// before the death read the drinking that caused it (fix74b: a relapse
	// drawn after the last reading left a death from alcoholic liver
	// disease with 0 units its last, audit alcohol-death-with-lower-risk-drinking)
	relapseBy models.Date
	// briefTried: a brief intervention has drawn its change since the usual
	// drinking (re)started; advice repeated to someone it did not help
	// draws nothing more (the trials' effect is of one intervention: model)
	briefTried bool
}

func (w *worker) newDrinkingCourse(per *person) drinkingCourse {
	return drinkingCourse{usual: per.alcohol, now: per.alcohol, nextFrom: models.NoDate, relapseOn: models.NoDate,
		fixed: w.dependent(per), relapseBy: models.NoDate}
}

// soberSpell is the abstinence that specialist treatment for dependence,
// referred at the diagnosis, brought: from the day after the referral to
// the day before a relapse (to NoDate: none); ok false when it brought none.
// The practice's assisted withdrawal and relapse medicine follow it
// (alcoholmedicines.go; h74f).
type soberSpell struct {
	ok       bool
	from, to models.Date
}

// noteSober records on the person the abstinence the course has just drawn
// from specialist care, if any.
func noteSober(per *person, c *drinkingCourse) {
	if per.sober.ok || c.nextFrom == models.NoDate || c.next.category != nonDrinker {
		return
	}
	if c.relapseOn != models.NoDate && c.relapseOn <= c.nextFrom+1 {
		return // relapsed at once (relapseBy): no abstinence
	}
	per.sober = soberSpell{ok: true, from: c.nextFrom + 1, to: models.NoDate}
	if c.relapseOn != models.NoDate {
		per.sober.to = c.relapseOn - 1
	}
}

// on is the drinking read on day d (days in order), the course moved on to it.
func (c *drinkingCourse) on(d models.Date) drinking {
	if c.nextFrom != models.NoDate && d > c.nextFrom {
		c.now, c.nextFrom = c.next, models.NoDate
	}
	if c.relapseOn != models.NoDate && d >= c.relapseOn {
		c.now, c.relapseOn, c.briefTried = c.usual, models.NoDate, false
	}
	return c.now
}

// respond draws whether the care of kind given at t changes the drinking:
// a share cut down by the response's bands from the next day on, and a
// share of those return to their usual drinking later. One change at a
// time: care given while cut down, or with a change pending, draws nothing.
// The draws come from a stream keyed by the moment and the kind, all up
// front, so no other draw moves.
func (w *worker) respond(per *person, c *drinkingCourse, kind int, t models.Timestamp) {
	if w.plan.alcohol.a.Change == nil || c.nextFrom != models.NoDate || c.relapseOn != models.NoDate || c.now != c.usual || kind == careBrief && c.briefTried {
		return
	}
	c.briefTried = c.briefTried || kind == careBrief
	a := w.plan.alcohol.a
	r := changeOf(a.Change, kind)
	s := per.stream(w.plan.Opts.Seed, purposeDrinkingChange, uint64(t), uint64(kind))
	reduce, within, occ := s.Bernoulli(r.Reduce), s.Float64(), s.Float64()
	relapse, days := s.Bernoulli(r.Relapse), r.RelapseDays[0]+s.IntN(r.RelapseDays[1]-r.RelapseDays[0]+1)
	if !reduce {
		return
	}
	relapse = relapse || c.fixed // the death from alcoholic liver disease is theirs
	c.next, c.nextFrom = drinkingIn(a, max(nonDrinker, c.usual.category-r.Bands), sexNames[per.sex], within, occ), t.Date()
	if relapse {
		c.relapseOn = t.Date() + models.Date(days)
		if c.fixed && c.relapseBy != models.NoDate {
			c.relapseOn = min(c.relapseOn, max(c.relapseBy, t.Date()))
		}
	}
}

// changeOf is the catalogue response to care of kind.
func changeOf(ch *datasets.DrinkingChange, kind int) *datasets.DrinkingResponse {
	switch kind {
	case careExtended:
		return &ch.Extended
	case careSpecialist:
		return &ch.Specialist
	}
	return &ch.Brief
}
