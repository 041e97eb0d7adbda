package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// followUpShares is the chance that an A&E episode (condition row c) is
// followed up at the practice and the chance its referral is coded: the
// follow-up's own, or its raised ones when the episode repeats another of
// the presentation in the raised repeat_days or the person holds a raised
// condition open on its first day. Brief h62g: after an overdose in a woman
// with an open depression the GP saw her once and no one referred her (one
// in four such episodes referred, 6 of 19 repeats in a year; generate -n
// 20000 -s 83). NICE NG225 asks the GP to care for coexisting mental health
// problems, referring to mental health services as appropriate, and
// specialist services to be involved especially where self-harm recurs.
func (w *worker) followUpShares(per *person, c *models.Condition, f *datasets.AcuteFollowUp) (share, recorded float64) {
	if r := f.Raised; r != nil && w.raisesFollowUp(per, c, r) {
		return r.Share, r.RecordedShare
	}
	return f.Share, f.RecordedShare
}

// raisesFollowUp reports whether the person, on the first day of episode c,
// holds one of r's conditions (a row begun before it, not resolved by then)
// or had another episode of c's presentation in the r.RepeatDays before it.
func (w *worker) raisesFollowUp(per *person, c *models.Condition, r *datasets.FollowUpRaised) bool {
	d := c.OnsetDate
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		o := &w.b.Conditions[k]
		if o.OnsetDate >= d {
			continue
		}
		if o.ConditionKey == c.ConditionKey && r.RepeatDays > 0 && o.OnsetDate >= d-models.Date(r.RepeatDays) {
			return true
		}
		if slices.Contains(r.Conditions, o.ConditionKey) && (o.ResolvedDate == models.NoDate || o.ResolvedDate > d) {
			return true
		}
	}
	return false
}
