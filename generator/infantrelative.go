package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// keptAtInfantAge reports whether a pick of presentation pi in a setting
// stands for a baby d days into life: a GP contact for it before its
// gp_min_age_days is not (a neonate with a cough is assessed in hospital:
// twenty-first review); presentations with an infant_relative (fever,
// uncommon in the first weeks: NICE NG143) are kept with its relative
// chance, so their rate follows age in days within the first band. The
// draw is made only for such a pick, so no other stream moves.
func (w *worker) keptAtInfantAge(per *person, pi, setting int, d models.Date, s *distributions.Stream) bool {
	if w.tooYoungAtGP(per, pi, setting, d) {
		return false
	}
	if k := w.plan.presentations[pi].AEKept; k != nil && setting == presAE &&
		d-per.birth >= models.Date(k.FromDays) && per.ageOn(d) < k.UnderAge {
		return k.Relative >= 1 || s.Bernoulli(k.Relative) // seen at the GP instead (fix75h)
	}
	r := w.plan.presentations[pi].InfantRelative
	if r == nil {
		return true
	}
	rel := r.At(int(d - per.birth))
	return rel >= 1 || s.Bernoulli(rel)
}

// tooYoungAtGP reports whether presentation pi, drawn for a contact in a
// setting on day d, is a GP contact before its gp_min_age_days.
func (w *worker) tooYoungAtGP(per *person, pi, setting int, d models.Date) bool {
	return setting == presGP && d-per.birth < models.Date(w.plan.presentations[pi].GPMinAgeDays)
}

// keptInFirstWeek reports whether a background A&E attendance or emergency
// admission on day d stands: in a baby's first days (catalogue
// activity.first_week) only with its relative chance, as the baby is still
// under the maternity team. The draw is made only then, so no other stream
// moves.
func (w *worker) keptInFirstWeek(per *person, d models.Date, s *distributions.Stream) bool {
	f := &w.plan.Cat.Activity.FirstWeek
	return d-per.birth >= models.Date(f.Days) || d < per.birth || s.Bernoulli(f.Relative)
}
