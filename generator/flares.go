package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// flare is an exacerbation of a condition held (a presentation that requires
// it): an emergency admission with one, or one treated by the GP or in A&E.
// All are drawn before care is simulated (hospital stays, exacerbations.go),
// so a review can count those since the previous one (catalogue
// care_target.exacerbations).
type flare struct {
	cond    int // catalogue condition index
	day     models.Date
	setting int // presEmergency (admitted), presGP or presAE
}

// exacerbationsMiss reports how the person's exacerbations of catalogue
// condition ci count at a review on day d, the previous one on day last:
// one since then misses the target once (as a reading would: a second miss
// in a row steps up), and now when they reach the rule's threshold (Admitted
// emergency admissions with one since then, or Treated ones in any setting
// in the WithinDays up to d, one of them since then), which steps up at this
// review.
func exacerbationsMiss(per *person, ci int, r *datasets.ExacerbationRule, last, d models.Date) (miss, now bool) {
	admitted, treated := 0, 0
	for _, f := range per.flares {
		if f.cond != ci || f.day > d {
			continue
		}
		if f.day > last {
			miss = true
			if f.setting == presEmergency {
				admitted++
			}
		}
		if r.WithinDays > 0 && f.day > d-models.Date(r.WithinDays) {
			treated++
		}
	}
	now = miss && ((r.Admitted > 0 && admitted >= r.Admitted) || (r.Treated > 0 && treated >= r.Treated))
	return miss, now
}

// targetHandedOver reports whether the person holds, by day d, a condition
// whose pathway steps up treatment in place of condition c's target
// (care_target not_with: asthma with COPD).
func targetHandedOver(per *person, c *condPlan, d models.Date) bool {
	for _, ci := range c.notWith {
		if k := heldIndex(per, ci); k >= 0 && per.conds[k].onset <= d {
			return true
		}
	}
	return false
}

// startAfterFlares starts the first line of condition ci for a person not
// yet treated when the target's flares_start calls for it at the review on
// day d (u: the review's uniform draw), and reports whether it did.
func (w *worker) startAfterFlares(per *person, ci int, d models.Date, egfr, u float64, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	fs := hc.plan.CareTarget.FlaresStart
	if fs == nil || hc.line >= 0 || u >= fs.Share {
		return false
	}
	rule := datasets.ExacerbationRule{Treated: fs.Flares, WithinDays: fs.WithinDays}
	if _, now := exacerbationsMiss(per, hc.plan.idx, &rule, hc.lastReview, d); !now {
		return false
	}
	w.startLine(per, ci, 0, d, egfr, s)
	return hc.line >= 0
}
