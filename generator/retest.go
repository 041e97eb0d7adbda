package generator

import "github.com/code4health/cohortgen/models"

// A test that reflects months is not repeated weeks apart. The eighteenth
// review counted 1,420 of 32,768 HbA1c readings under 28 days after the one
// before, and 2,994 under 60 (a diabetes review, then an HbA1c at a contact
// about a rash or at a follow-up weeks later; generate -n 20000 -s 5). An
// observation with a catalogue retest interval is now not recorded within
// min_days of another reading of it on the record, before or after (the
// record is not written in time order), except the readings that diagnose
// a condition and the first one its confirm writes (w.diagnosing set).

// retestTooSoon reports whether a reading of slot on day d would fall
// within the slot's retest interval of one already recorded.
func (w *worker) retestTooSoon(per *person, slot int, d models.Date) bool {
	m := w.plan.obsModels[slot]
	if m == nil || m.Retest == nil || w.diagnosing != nil {
		return false
	}
	gap := models.Date(m.Retest.MinDays)
	for _, r := range per.retested {
		if r.slot == slot && r.day > d-gap && r.day < d+gap {
			return true
		}
	}
	return false
}

// retestedNear is the latest day of a reading of slot already recorded
// within the slot's retest interval of day d (NoDate: none, or no
// interval): the reading retestTooSoon would refuse on d is taken then.
func (w *worker) retestedNear(per *person, slot int, d models.Date) models.Date {
	m := w.plan.obsModels[slot]
	if m == nil || m.Retest == nil {
		return models.NoDate
	}
	gap, near := models.Date(m.Retest.MinDays), models.NoDate
	for _, r := range per.retested {
		if r.slot == slot && r.day > d-gap && r.day < d+gap && (near == models.NoDate || r.day > near) {
			near = r.day
		}
	}
	return near
}

// noteRetest remembers a reading of slot on day d, when the slot has a
// retest interval.
func (w *worker) noteRetest(per *person, slot int, d models.Date) {
	if m := w.plan.obsModels[slot]; m != nil && m.Retest != nil {
		per.retested = append(per.retested, slotDay{slot: slot, day: d})
	}
}

// slotDay is a reading of an observation slot on a day.
type slotDay struct {
	slot int
	day  models.Date
}

// targetUnread reports whether a review on day d that acts on slot (a care
// target: HbA1c) did not record it, the test having been taken within its
// retest interval: the review makes no decision on a reading it does not
// have (a step up declined at a review with no HbA1c; eighteenth review).
func (w *worker) targetUnread(per *person, slot int, d models.Date) bool {
	m := w.plan.obsModels[slot]
	if m == nil || m.Retest == nil || d < per.firstDay {
		return false
	}
	for _, r := range per.retested {
		if r.slot == slot && r.day == d {
			return false
		}
	}
	return true
}
