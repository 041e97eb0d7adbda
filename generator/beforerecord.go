package generator

import (
	"github.com/code4health/cohortgen/models"
)

// unrecordedSince reports whether a before_record referral (catalogue
// referral before_record) is due at a review of the condition held at hc
// on day d: the condition was diagnosed before the record opens, the review
// is in the record, and none of the readings the referral's procedure
// measures is on the record. Heart failure diagnosed before the record had
// no ejection fraction on it (its diagnosing echocardiogram came before),
// though its treatment followed the type; a GP reviewing it has the echo
// repeated so the type is known (issue 9, session 54).
func (w *worker) unrecordedSince(per *person, hc *heldCondition, r *referralPlan, d models.Date) bool {
	if hc.onset >= per.firstDay || d < per.firstDay {
		return false
	}
	for _, slot := range r.readings {
		if w.recordedWithin(per, slot, d, int(d-per.firstDay)+1) {
			return false
		}
	}
	return true
}
