package generator

import (
	"github.com/code4health/cohortgen/models"
)

// referSevere decides a referral rule that asks for more than one reading
// over its threshold (fourteenth review): depression still severe (a PHQ-9
// of 20 or more) at two reviews in a row after the antidepressant was
// raised and switched, or severe at a review after antidepressants were
// declined at an earlier one, is referred to the community mental health
// team (NICE NG222: refer to specialist mental health services depression
// that has not responded to treatment). crossed says whether this review's
// reading crosses the threshold; the rule's bits in hc.crossed and
// hc.declinedAt keep this review's state for the next.
func (w *worker) referSevere(per *person, hc *heldCondition, k int, crossed bool, d models.Date) bool {
	r := &hc.plan.referrals[k]
	before := hc.crossed&(1<<k) != 0
	if crossed {
		hc.crossed |= 1 << k
	} else {
		hc.crossed &^= 1 << k
	}
	declined := !hc.treated && hc.excused && !hc.notDue
	declinedBefore := hc.declinedAt&(1<<k) != 0
	if declined {
		hc.declinedAt |= 1 << k
	} else {
		hc.declinedAt &^= 1 << k
	}
	// someone who declined treatment at an earlier review and is severe now
	// is referred on this one reading (the brief's "a severe score and
	// declined treatment"): their reviews are a year apart
	if r.OrDeclined && declined && declinedBefore && crossed {
		return w.severeChance(per, hc, r.Chance, d)
	}
	if !crossed || r.Twice && !before {
		return false
	}
	// only once treatment has reached the rule's line (type 2 diabetes on
	// triple therapy or insulin; specialiststart.go), and not at the review
	// that changed it: the next reads what the change did (before, the third
	// drug was added and the clinic started insulin four weeks later)
	if r.FromLine > 0 && (hc.line < r.FromLine-1 || hc.lastChange == d) {
		return false
	}
	// a pathway exhausted has made every change it had (mirtazapine raised,
	// with no other antidepressant that suits)
	if hc.changes < r.AfterChanges && !hc.exhausted {
		return false
	}
	return w.severeChance(per, hc, r.Chance, d)
}

// severeChance draws whether a review that meets a severe-referral rule
// refers (chance 0 or 1: always), on the person's own stream for the
// condition and day, so no other draw moves.
func (w *worker) severeChance(per *person, hc *heldCondition, chance float64, d models.Date) bool {
	if chance <= 0 || chance >= 1 {
		return true
	}
	s := per.stream(w.plan.Opts.Seed, purposeSevereReferral, uint64(hc.plan.idx), uint64(d))
	return s.Bernoulli(chance)
}

// referredTo reports whether another of the condition's referral rules that
// is recorded by the same code has already referred the person on the
// record: one referral to a service (the mental health team after an
// exhausted pathway or after persistent severe scores), not one per rule.
// One made before the record opened is not seen: depression still severe
// years later is referred again. A rule that refers again (again_after_years)
// is held back by another rule's referral only for its years (h63c: type 2
// diabetes referred at 86 twice when insulin began is referred again on the
// exhausted pathway years later; before, never).
func referredTo(c *condPlan, hc *heldCondition, k int, d models.Date) bool {
	r := &c.referrals[k]
	if r.Recorded == "" {
		return false
	}
	for j := range c.referrals {
		// a referral at diagnosis (type 1 diabetes's to the diabetes team,
		// brief h75a) is not one for the reading that asks now
		if j != k && !c.referrals[j].AtDiagnosis && hc.coded&(1<<j) != 0 && c.referrals[j].Recorded == r.Recorded {
			return r.AgainAfterYears == 0 || float64(d-hc.codedOn) < r.AgainAfterYears*365.25
		}
	}
	return false
}
