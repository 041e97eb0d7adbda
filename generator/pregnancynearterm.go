package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Near term (brief h57e, issue 9): nitrofurantoin is the first choice for a
// urinary infection in pregnancy but is avoided at term, where it can cause
// neonatal haemolysis (BNF; NICE NG109). A short course of it that would
// run on or past prescribing.yaml pregnancy near_term's day gives the
// second choice (cefalexin) instead, for that medicine's own days.

// nearTermSwap is near_term resolved to the plans of its medicines.
type nearTermSwap struct {
	fromDay int
	avoid   []*medPlan
	instead *medPlan
	days    int
}

// buildNearTerm resolves the rule; none when it is not set.
func (p *Plan) buildNearTerm(pp *pregnancyPlan, r *datasets.Prescribing) error {
	nt := r.Pregnancy.NearTerm
	if nt == nil {
		return nil
	}
	sw := &nearTermSwap{fromDay: nt.FromDay, instead: p.medPlans[nt.Instead], days: nt.Days}
	if sw.instead == nil || nt.FromDay <= 0 || nt.Days <= 0 || nt.Source == "" {
		return fmt.Errorf("prescribing.yaml pregnancy near_term: instead %q needs a prescribable medicine, from_day and days above 0 and a source", nt.Instead)
	}
	for _, key := range nt.Medicines {
		m := p.medPlans[key]
		if m == nil {
			return fmt.Errorf("prescribing.yaml pregnancy near_term: %q has no prescribable medicine", key)
		}
		sw.avoid = append(sw.avoid, m)
	}
	pp.nearTerm = sw
	return nil
}

// nearTermChoice is the medicine given in place of meds for a short course
// from onset to end in a known pregnancy that reaches the rule's day, with
// the end of its own course; nil when meds is given (not one to avoid, not
// near term, or the alternative is not allowed then: an allergy).
func (w *worker) nearTermChoice(per *person, meds *medPlan, onset, end models.Date, egfr float64) (*medPlan, models.Date) {
	pp := w.plan.pregnancy
	if pp == nil || pp.nearTerm == nil || meds == nil || !slices.Contains(pp.nearTerm.avoid, meds) {
		return nil, end
	}
	nt := pp.nearTerm
	day := per.pregnancyDay(onset)
	if day < 0 || day+int(end-onset) < nt.fromDay {
		return nil, end
	}
	end = min(onset+models.Date(nt.days-1), per.lastDay)
	if allergic(per, nt.instead, onset) || !w.allowedCourse(per, nt.instead, onset, end, egfr) {
		return nil, end
	}
	return nt.instead, end
}
