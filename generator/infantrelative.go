package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// keptAtInfantAge reports whether a pick of presentation pi stands for a
// baby d days into life: presentations with an infant_relative (fever,
// uncommon in the first weeks: NICE NG143) are kept with its relative
// chance, so their rate follows age in days within the first band. The
// draw is made only for such a pick, so no other stream moves.
func (w *worker) keptAtInfantAge(per *person, pi int, d models.Date, s *distributions.Stream) bool {
	r := w.plan.presentations[pi].InfantRelative
	if r == nil {
		return true
	}
	rel := r.At(int(d - per.birth))
	return rel >= 1 || s.Bernoulli(rel)
}
