package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Short courses in pregnancy (brief h58f, issue 9): a UTI in pregnancy is
// not an uncomplicated cystitis. NICE NG109 offers pregnant women an
// immediate antibiotic and gives nitrofurantoin for 7 days, not 3
// (prescribing.yaml pregnancy courses); its urine culture is the
// catalogue's first_contact_tests.

// pregnancyCourse is one prescribing.yaml pregnancy courses entry resolved.
type pregnancyCourse struct {
	meds      []*medPlan
	days      int
	step      int // the regimens.csv dose step whose text says those days
	immediate bool
}

// buildPregnancyCourses resolves the rule's medicines.
func (p *Plan) buildPregnancyCourses(pp *pregnancyPlan, r *datasets.Prescribing) error {
	for _, c := range r.Pregnancy.Courses {
		pc := pregnancyCourse{days: c.Days, step: c.Step, immediate: c.Immediate}
		if c.Days <= 0 || c.Source == "" || len(c.Medicines) == 0 {
			return fmt.Errorf("prescribing.yaml pregnancy courses: needs medicines, days above 0 and a source")
		}
		for _, key := range c.Medicines {
			m := p.medPlans[key]
			if m == nil {
				return fmt.Errorf("prescribing.yaml pregnancy courses: %q has no prescribable medicine", key)
			}
			pc.meds = append(pc.meds, m)
		}
		pp.courses = append(pp.courses, pc)
	}
	return nil
}

// pregnancyCourseFor is the rule for a short course of meds begun on day
// onset in a pregnancy the practice knows of; nil when none applies.
func (w *worker) pregnancyCourseFor(per *person, meds *medPlan, onset models.Date) *pregnancyCourse {
	pp := w.plan.pregnancy
	if pp == nil || meds == nil || len(pp.courses) == 0 || per.pregnancyDay(onset) < 0 {
		return nil
	}
	for i := range pp.courses {
		if slices.Contains(pp.courses[i].meds, meds) {
			return &pp.courses[i]
		}
	}
	return nil
}

// immediateInPregnancy reports whether a short course of meds begun on
// onset is given at the contact whatever its chance.
func (w *worker) immediateInPregnancy(per *person, meds *medPlan, onset models.Date) bool {
	pc := w.pregnancyCourseFor(per, meds, onset)
	return pc != nil && pc.immediate
}

// pregnancyRegimen is the regimen of a short course of meds begun on onset
// when a pregnancy rule gives it: the dose whose text says the rule's days
// (nil: the course's own). Before the merge of stop 58, the course ran 7
// days under the 3-day text.
func (w *worker) pregnancyRegimen(per *person, meds *medPlan, onset models.Date) *datasets.Regimen {
	if pc := w.pregnancyCourseFor(per, meds, onset); pc != nil {
		return meds.regimen(per.ageOn(onset), pc.step)
	}
	return nil
}

// pregnancyCourseEnd is the last day of a short course of meds begun on
// onset: its pregnancy days when a rule gives them, else end.
func (w *worker) pregnancyCourseEnd(per *person, meds *medPlan, onset, end models.Date) models.Date {
	if pc := w.pregnancyCourseFor(per, meds, onset); pc != nil {
		return min(onset+models.Date(pc.days-1), per.lastDay)
	}
	return end
}
