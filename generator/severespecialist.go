package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// referSevere decides a referral rule that asks for more than one reading
// over its threshold (fourteenth review): depression still severe (a PHQ-9
// of 20 or more) at two reviews in a row, after the antidepressant was
// raised and switched or with every antidepressant declined, is referred to
// the community mental health team (NICE NG222: refer to specialist mental
// health services depression that has not responded to treatment). crossed
// says whether this review's reading crosses the threshold; the rule's bit
// in hc.crossed keeps it for the next review. The chance is drawn on the
// person's own stream for the condition and day, so no other draw moves.
func (w *worker) referSevere(per *person, hc *heldCondition, k int, crossed bool, d models.Date) bool {
	r := &hc.plan.referrals[k]
	before := hc.crossed&(1<<k) != 0
	if crossed {
		hc.crossed |= 1 << k
	} else {
		hc.crossed &^= 1 << k
	}
	if !crossed || r.Twice && !before {
		return false
	}
	declined := !hc.treated && hc.excused && !hc.notDue
	// a pathway exhausted has made every change it had (mirtazapine raised,
	// with no other antidepressant that suits)
	if hc.changes < r.AfterChanges && !hc.exhausted && !(r.OrDeclined && declined) {
		return false
	}
	if r.Chance <= 0 || r.Chance >= 1 {
		return true
	}
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeSevereReferral, uint64(hc.plan.idx), uint64(d))
	return s.Bernoulli(r.Chance)
}

// referredTo reports whether another of the condition's referral rules that
// is recorded by the same code has already referred the person on the
// record: one referral to a service (the mental health team after an
// exhausted pathway or after persistent severe scores), not one per rule.
// One made before the record opened is not seen: depression still severe
// years later is referred again.
func referredTo(c *condPlan, hc *heldCondition, k int) bool {
	r := &c.referrals[k]
	if r.Recorded == "" {
		return false
	}
	for j := range c.referrals {
		if j != k && hc.coded&(1<<j) != 0 && c.referrals[j].Recorded == r.Recorded {
			return true
		}
	}
	return false
}
