package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// pregnancyAnalgesia is prescribing.yaml pregnancy's analgesia resolved:
// paracetamol, the analgesic of choice in pregnancy (UKMi, RCOG), in place
// of a course whose first choice (an NSAID) is withheld for the pregnancy,
// and of a weak opioid course that would run into the third trimester.
type pregnancyAnalgesia struct {
	analgesic  *medPlan
	forClasses []string
	opioidDay  int // days from the last period from which no weak opioid is started
}

// buildAnalgesia resolves the rule; none when the analgesic has no product.
func (p *Plan) buildAnalgesia(pp *pregnancyPlan, r *datasets.Prescribing) error {
	if r.Pregnancy.Analgesic == "" {
		return nil
	}
	m := p.medPlans[r.Pregnancy.Analgesic]
	if m == nil {
		return fmt.Errorf("prescribing.yaml pregnancy: analgesic %q has no prescribable medicine", r.Pregnancy.Analgesic)
	}
	pp.analgesia = &pregnancyAnalgesia{analgesic: m, forClasses: r.Pregnancy.AnalgesicFor, opioidDay: r.Pregnancy.WeakOpioidUntilDay}
	return nil
}

// pregnancyDay is the day of the pregnancy known on day d, counted from its
// last period; -1 when none is known then.
func (per *person) pregnancyDay(d models.Date) int {
	for i := range per.pregnancies {
		if pg := &per.pregnancies[i]; d >= pg.confirm && d < pg.end {
			return int(d - pg.lmp)
		}
	}
	return -1
}

// pregnancyAnalgesic is the medicine a short course gives in place of meds
// (its first choice first, before the rules moved it on; meds nil when no
// choice was allowed) from onset to end in a known pregnancy: paracetamol
// when the first choice is of a class the rule names (an NSAID, withheld) or
// meds is a weak opioid whose course would run into the third trimester,
// and every rule allows paracetamol over the course; nil when meds is given.
func (w *worker) pregnancyAnalgesic(per *person, first, meds *medPlan, onset, end models.Date, egfr float64) *medPlan {
	pp := w.plan.pregnancy
	if pp == nil || pp.analgesia == nil || meds == pp.analgesia.analgesic {
		return nil
	}
	a := pp.analgesia
	day := per.pregnancyDay(onset)
	if day < 0 {
		return nil
	}
	withheld := first.notInPregnancy && slices.ContainsFunc(a.forClasses, first.inClass)
	// a weak opioid course that would run into the third trimester
	nearTerm := meds != nil && meds.inClass("weak_opioid") && a.opioidDay > 0 && day+int(end-onset) >= a.opioidDay
	if !withheld && !nearTerm || allergic(per, a.analgesic, onset) || !w.allowedCourse(per, a.analgesic, onset, end, egfr) {
		return nil
	}
	return a.analgesic
}
