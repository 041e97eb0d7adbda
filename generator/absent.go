package generator

import "github.com/code4health/cohortgen/models"

// absentNeed: observation slot is not recorded on or after from (a review
// overdue, a test not done).
type absentNeed struct {
	slot int
	from models.Date
}

// notRecorded reports whether the cohort keeps observation slot out of the
// record on day d (nil-safe).
func (cp *cohortPlan) notRecorded(slot int, d models.Date) bool {
	if cp == nil {
		return false
	}
	for _, a := range cp.absent {
		if a.slot == slot && d >= a.from {
			return true
		}
	}
	return false
}

// missesReview reports whether a member does not attend a review on day d
// because it would record an observation their cohort keeps out of the
// record then: the review is overdue, not merely done without the test, so
// nothing is decided on a reading no one recorded.
func (cp *cohortPlan) missesReview(reviews []int, d models.Date) bool {
	for _, slot := range reviews {
		if cp.notRecorded(slot, d) {
			return true
		}
	}
	return false
}
