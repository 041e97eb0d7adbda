package generator

import "github.com/code4health/cohortgen/models"

// Resistant hypertension: NICE NG136 1.4.52 seeks specialist advice when
// blood pressure is not controlled on four drugs. The referral waited for
// the pathway to be exhausted, which only a step-up drawn at the escalate
// chance (clinical inertia, 0.1 from 80) could mark, so people on the
// fourth line stayed above target for years without one. A referral rule
// with at_second_miss marks it at the second review in a row that misses
// the target on the last line, once no dose of that line can be raised.

// lastLineMissed reports whether condition ci, treated on its last line,
// is exhausted by a second miss in a row on day d (the caller checks the
// misses): its when_exhausted referral says at_second_miss, and no course
// of the line can be raised (escalate titrates first).
func (w *worker) lastLineMissed(per *person, ci int, d models.Date, egfr float64) bool {
	hc := &per.conds[ci]
	c := hc.plan
	if hc.line < 0 || laterLineFits(per, c, hc.line, d) || !secondMissRefers(c) {
		return false
	}
	if c.lines[hc.line].Titrate {
		for k := range per.courses {
			if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && w.canStepUp(per, k, d, egfr) {
				return false
			}
		}
	}
	return true
}

// laterLineFits reports whether a line after li has an option whose ages
// (and group) suit the person on day d. A child on an inhaled steroid and
// montelukast has no line after it (tiotropium is for adults): the step up
// found nothing to add, the pathway was never exhausted, and 47 oral
// steroid courses that were a child's second or more in 12 months saw
// neither a new preventer nor the asthma clinic (generate -n 20000 -s 83;
// brief h67e). NICE NG245 (2024): refer a child whose asthma is not
// controlled on the practice's treatment to a specialist (approx).
func laterLineFits(per *person, c *condPlan, li int, d models.Date) bool {
	age := per.ageOn(d)
	for k := li + 1; k < len(c.lines); k++ {
		for _, o := range c.lines[k].Options {
			if o.Suits(age, per.group) {
				return true
			}
		}
	}
	return false
}

// outgrewLastLine lets condition ci step on again when the person, whose
// pathway ran out on the last line for their age, is now old enough for a
// later one (the child referred on montelukast, at 18 eligible for
// tiotropium).
func (w *worker) outgrewLastLine(per *person, ci int, d models.Date) {
	hc := &per.conds[ci]
	if hc.exhausted && hc.line >= 0 && hc.line+1 < len(hc.plan.lines) && laterLineFits(per, hc.plan, hc.line, d) {
		hc.exhausted = false
	}
}

// secondMissRefers reports whether one of the condition's referral rules
// is an at_second_miss referral of an exhausted pathway.
func secondMissRefers(c *condPlan) bool {
	for k := range c.referrals {
		if r := &c.referrals[k]; r.WhenExhausted && r.AtSecondMiss {
			return true
		}
	}
	return false
}

// referAgain clears referral rule k's mark on day d when the rule refers
// again (again_after_years) and is due again: the pathway exhausted, this
// review a second miss in a row, the last such referral that many years
// ago. Someone on four drugs since before the record opened was referred
// then, off the record, and never again: of 27 people with a systolic of
// 180 or more after the fourth drug, 4 had a clinic after it (generate -n
// 20000 -s 83; brief h56a).
func (w *worker) referAgain(hc *heldCondition, k int, d models.Date) {
	r := &hc.plan.referrals[k]
	if r.AgainAfterYears == 0 || hc.referred&(1<<k) == 0 || !hc.exhausted || hc.againOn != d {
		return
	}
	if float64(d-hc.referredOn) >= r.AgainAfterYears*365.25 {
		hc.referred &^= 1 << k
	}
}
