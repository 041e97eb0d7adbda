package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// unsettled reports whether held condition k needs more than its routine
// review on day d (catalogue activity.gp_condition_state): it is new, a
// course for it started lately (treatment begun or changed), or it flared
// lately. The care simulation and the exacerbations run before the
// background contacts, so the courses and flares of the whole record are
// known; only those up to d count.
func (w *worker) unsettled(per *person, k int, d models.Date) bool {
	st := &w.plan.Cat.Activity.GPConditionState
	hc := &per.conds[k]
	if hc.onset <= d && d-hc.onset < models.Date(st.SettleDays) {
		return true
	}
	for i := range per.courses {
		if c := &per.courses[i]; c.cond == k && c.start <= d && d-c.start < models.Date(st.TitrateDays) {
			return true
		}
	}
	for _, f := range per.flares {
		if f.cond == hc.plan.idx && f.day <= d && d-f.day < models.Date(st.AfterFlareDays) {
			return true
		}
	}
	return false
}

// gpAboutHeld decides whether a GP contact on day d drawn for held
// condition k is about it: always while it is unsettled, otherwise with
// chance stable_share. Before this every contact drawn for a condition was
// about it, however stable: 24% of people with hypertension over a year
// old had 6 or more face-to-face contacts for it in a year.
//
// Either way it keeps contact_gap_days from the person's other background
// contacts about the condition (contactgap.go).
func (w *worker) gpAboutHeld(per *person, k int, d models.Date, s *distributions.Stream) bool {
	st := &w.plan.Cat.Activity.GPConditionState
	gap := st.ContactGapDays.Unsettled
	if !w.unsettled(per, k, d) {
		if !s.Bernoulli(st.StableShare) {
			return false
		}
		gap = st.ContactGapDays.Stable
	}
	return bookIfClear(per, int32(k), d, gap)
}

// queriedNear reports whether the person has another telephone contact
// about condition id (an administrative one with no reason for "") within
// query_gap_days of day d, before or after (a year's background contacts
// are drawn in no order of their days).
func (w *worker) queriedNear(per *person, e int, id string, d models.Date) bool {
	gap := models.Date(w.plan.Cat.Activity.GPConditionState.QueryGapDays)
	phone := w.plan.encTypes[encGPTelephone].Code
	about := func(k int) bool {
		x := &w.b.Encounters[k]
		return sameRowID(x.ReasonConditionID, id) && x.TypeCode == phone
	}
	for _, r := range phoneRowsNear(w.phoneContacts(per, e), d, gap) { // the day first: string compares cost
		if r.e != e && about(r.e) {
			return true
		}
	}
	// written after e (not indexed): the days d-gap < day < d+gap as the
	// instants from the start of day d-gap+1 to before the start of day d+gap,
	// so no start time is turned into its day (a division; stop 65)
	from, to := (d - gap + 1).Start(), (d + gap).Start()
	for k := max(e+1, per.encFrom); k < len(w.b.Encounters); k++ {
		if t := w.b.Encounters[k].StartTime; t >= from && t < to && about(k) {
			return true
		}
	}
	return false
}
