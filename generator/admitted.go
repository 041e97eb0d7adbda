package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// currentDays is how far before the as-of date an admission added to be in
// progress there may start: most emergency stays last under a week.
const currentDays = 7

// admissionWindow is the range of days an encounter a cohort needs may
// start on: for an admission in progress at the as-of date, the last
// currentDays days; for one discharged within a window, the window less
// its last day (it must end, and so start, before the history does).
func admissionWindow(need *encNeed, per *person) (models.Date, models.Date) {
	from, to := max(need.from, per.firstDay), per.anchor
	switch {
	case need.current:
		from = max(from, per.anchor-currentDays+1)
	case need.discharged:
		from, to = max(from, need.dischargedFrom), per.anchor-1
	}
	return from, to
}

// admissionState writes the admission of a member who must be in hospital
// at the as-of date, or discharged within a window. An emergency admission
// is added on the event's day (after any stay that ends later), then its
// end is set: for a current one, the end of the history, so the record
// ends in hospital; for a discharged one, a discharge no later than the
// morning of the as-of date.
func (w *worker) admissionState(per *person, x extraEvent, age int, s *distributions.Stream) {
	last := endOfLife(per)
	if e := w.currentAdmission(per); x.need.current && e != nil {
		// Already in: a stay of their own runs to the end. When the
		// cohort asks for a reason, that stay is for it.
		if x.need.reasoned() {
			e.ReasonConditionID = w.neededReason(per, x.need, presEmergency, e.StartTime.Date(), e.EncounterID, s)
		}
		return
	}
	day := x.day
	for _, st := range per.stays {
		if st.end.Date() >= day {
			day = st.end.Date() + 1 // after the stay in the way
		}
	}
	if x.need.discharged && day > per.anchor-1 || day > per.anchor {
		if x.need.current {
			w.extendLastAdmission(per, last) // discharged on the as-of date: stays in instead
		}
		if e := w.currentAdmission(per); x.need.discharged && e != nil && per.death == models.NoDate && !needsCurrent(per.cohort) {
			// In hospital to the end of the history (a stay of their
			// own), with no room for another: this one ends, and the
			// patient goes home on the morning of the as-of date.
			for k := range per.stays { // the stay holds the admission (and the A&E visit before it)
				if st := per.stays[k]; st.start <= e.StartTime && st.end == e.EndTime {
					w.homeThatMorning(per, e, &per.stays[k], s)
				}
			}
		}
		return
	}
	if !w.admitFor(per, x.need, day, age, s) {
		return
	}
	adm := &w.b.Encounters[len(w.b.Encounters)-1]
	st := &per.stays[len(per.stays)-1]
	switch {
	case x.need.current:
		adm.EndTime, st.end = last, last
	case adm.EndTime >= per.anchor.Start(): // still in on the as-of date: discharged that morning
		w.homeThatMorning(per, adm, st, s)
	}
}

// needsCurrent reports whether the cohort asks for an admission in progress
// at the end of the history, which no discharge may end.
func needsCurrent(cp *cohortPlan) bool {
	for k := range cp.encs {
		if cp.encs[k].current {
			return true
		}
	}
	return false
}

// homeThatMorning discharges the patient from admission adm (stay st) on
// the morning of the as-of date.
func (w *worker) homeThatMorning(per *person, adm *models.Encounter, st *stay, s *distributions.Stream) {
	end := max(localToUTC(per.anchor, 9*60+s.IntN(180)), adm.StartTime.AddMinutes(60))
	adm.EndTime, st.end = min(end, endOfLife(per)-1), min(end, endOfLife(per)-1)
}

// currentAdmission returns the patient's admission (class IMP) that runs to
// the end of their history, or nil.
func (w *worker) currentAdmission(per *person) *models.Encounter {
	last := endOfLife(per)
	for i := len(w.b.Encounters) - 1; i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if e := &w.b.Encounters[i]; e.Class == "IMP" && e.EndTime >= last {
			return e
		}
	}
	return nil
}

// extendLastAdmission keeps the patient in from their latest admission (the
// inpatient encounter ending last, when it is of class IMP) to the end of
// the history, when no other stay is in the way.
func (w *worker) extendLastAdmission(per *person, last models.Timestamp) {
	var latest *models.Encounter
	for i := len(w.b.Encounters) - 1; i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if e := &w.b.Encounters[i]; e.Setting == settingInpatient && (latest == nil || e.EndTime > latest.EndTime) {
			latest = e
		}
	}
	if latest == nil || latest.Class != "IMP" {
		return
	}
	k := -1
	for i, st := range per.stays {
		switch {
		case st.start <= latest.StartTime && st.end >= latest.EndTime:
			k = i
		case st.end > latest.EndTime:
			return // another stay after it
		}
	}
	if k >= 0 {
		per.stays[k].end, latest.EndTime = last, last
	}
}
