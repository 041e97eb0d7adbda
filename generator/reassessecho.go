package generator

import "github.com/code4health/cohortgen/models"

// A reassessment of the test that typed a condition (catalogue referral
// reassess; h67c). Heart failure's ejection fraction can improve on
// treatment (levelcourse.go: a quarter of people with a reduced one), but
// the improvement shows only on a repeat echocardiogram, and none was
// booked once the diagnosis's had been done (GP review, h66f). The
// echocardiogram is repeated, once, at the first review in the record
// after_days or more after the last reading at or below the level, when
// the treatment has been titrated (NICE NG106 / CCS: reassess the ejection
// fraction after the treatment is optimised). Its draws are the specialist
// referral's own stream (refer): no other draw moves.

// repeatTestDue reports whether referral r of the held condition repeats its
// procedure at a review on day d: the latest reading of its first reading
// slot, taken since the diagnosis, at or below the rule's level and at
// least its after_days old.
func (w *worker) repeatTestDue(per *person, hc *heldCondition, r *referralPlan, d models.Date) bool {
	ra := r.Reassess
	if d < per.firstDay || len(r.readings) == 0 {
		return false
	}
	at, v, ok := w.latestReading(per, r.readings[0], d+1)
	return ok && at >= hc.onset && v <= ra.AtMost && at <= d-models.Date(ra.AfterDays)
}
