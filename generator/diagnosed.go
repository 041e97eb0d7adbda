package generator

import (
	"github.com/code4health/cohortgen/models"
)

// recentOnset is the diagnosis date of condition ci for a member whose
// cohort asks for it to be newly diagnosed: a day drawn evenly in the
// window (no earlier than the condition's youngest age), from a stream of
// its own; otherwise onset as drawn.
func (g *worker) recentOnset(per *person, ci int, onset models.Date) models.Date {
	cp := per.cohort
	if cp == nil || cp.diagnosedFrom == nil {
		return onset
	}
	from, ok := cp.diagnosedFrom[ci]
	if !ok {
		return onset
	}
	c := &g.plan.conds[ci]
	earliest := models.DateOf(per.birth.Time().AddDate(c.Onset.MinAge, 0, 0))
	from = max(from, earliest, per.firstDay)
	if from > per.anchor {
		return onset // too young in the whole window: the checks rule this out
	}
	s := per.stream(g.plan.Opts.Seed, purposeConditions, 2, uint64(ci))
	return from + models.Date(s.IntN(int(per.anchor-from)+1))
}
