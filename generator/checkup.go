package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// nothingToSee decides what booked GP contact sl with an adult is when the
// background drew it with nothing on the record to see (twelfth review),
// and writes it unless it is not booked.
// It is a blood pressure check when one is due (bloodPressureDue) or the
// person's hypertension is unsettled (new, or its treatment changed lately:
// conditionstate.go): face to face at the practice, or at home for a home
// visit. Otherwise it is a query with the GP by telephone about what a
// repeat medicine in force is for (a medication query, coded "Medication
// requested"), at most once in query_gap_days per condition; else, with
// chance admin_share, an administrative telephone contact (a result, a form,
// a fit note; coded "Telephone consultation"), also at most once in
// query_gap_days; else it is not booked
// (booked false): the caller removes it. A telephone contact is never a
// blood pressure check.
// Before the thirteenth review every other such contact was a telephone
// query with no reason, most of them of young adults with no condition (2.3
// a year each, up to 28 for one person), and a treated hypertensive's every
// one a blood pressure check about it (generate -n 20000 -s 5).
func (w *worker) nothingToSee(per *person, sl *gpSlot, s *distributions.Stream) (bpCheck, booked bool) {
	d := sl.start.Date()
	e := len(w.b.Encounters) // the contact's index once written
	phone := sl.kind == encGPTelephone
	if !phone {
		if k := bloodPressureTargetHeld(per, d, w.plan.slots.systolic); (k >= 0 && w.unsettled(per, k, d) && !w.bloodPressureNear(per, d, models.Date(w.plan.Cat.Activity.GPConditionState.UnsettledBPGapDays))) || w.bloodPressureDue(per, d) {
			w.writeGP(per, sl, "")
			w.asCheckUp(e)
			return true, true
		}
	}
	code := &w.plan.medRequested
	id := repeatFor(per, d)
	if id == "" || w.queriedNear(per, e, id, d) {
		if w.queriedNear(per, e, "", d) || !s.Bernoulli(w.plan.Cat.Activity.GPConditionState.AdminShare) {
			return false, false
		}
		id, code = "", &w.plan.phoneConsult
	}
	w.writeGP(per, sl, "")
	if !phone {
		w.asTelephone(e)
	}
	x := &w.b.Encounters[e]
	x.ReasonConditionID = id
	if id == "" {
		per.adminCalls = append(per.adminCalls, x.EncounterID) // answered or withdrawn once the record is written (admincalls.go)
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, x.EncounterID, x.StartTime.AddMinutes(2), code))
	return false, true
}

// bloodPressureDue reports whether an adult's blood pressure is due on day
// d (catalogue activity.blood_pressure_recheck): none recorded on or before
// d, or the latest older than the interval it sets (close_days at or above
// close_systolic/close_diastolic, every_days below). A year's background
// contacts are drawn in no order of their days, so a reading already written
// for a later day counts too: none may fall within close_days after d
// (otherwise two checks a few weeks apart).
func (w *worker) bloodPressureDue(per *person, d models.Date) bool {
	r := &w.plan.Cat.Activity.BloodPressureRecheck
	var at models.Timestamp // the latest reading's time on or before d
	seen, close := false, false
	for i := range w.bloodPressures(per) {
		b := &per.bpIndex.rows[i]
		if !b.valued {
			continue
		}
		if b.day > d {
			if b.day-d < models.Date(r.CloseDays) {
				return false // a later check of the year's is near
			}
			continue
		}
		if !seen || b.at > at {
			seen, at, close = true, b.at, false
		}
		if b.at == at && b.close {
			close = true
		}
	}
	if !seen {
		return true
	}
	every := r.EveryDays
	if close {
		every = r.CloseDays
	}
	return d-at.Date() >= models.Date(every)
}

// bloodPressureNear reports whether a systolic reading of the person's
// falls within gap days of day d, before or after (a year's contacts are
// drawn in no order of their days): a GP seeing a problem does not take
// another within opportunistic_bp_gap_days. Thirteenth review: with more
// contacts about problems and fewer empty ones, 1.1% of people with no
// condition had 6 or more readings in a year.
func (w *worker) bloodPressureNear(per *person, d, gap models.Date) bool {
	for _, b := range w.bloodPressures(per) {
		if b.sys && b.day > d-gap && b.day < d+gap {
			return true
		}
	}
	return false
}

// repeatFor is the condition a repeat medicine running on day d is for, or
// "" (the first such course; an onset event's time-limited course is not a
// repeat).
func repeatFor(per *person, d models.Date) string {
	for i := range per.courses {
		c := &per.courses[i]
		if c.cond < 0 || c.event || !c.running(d) {
			continue
		}
		if hc := &per.conds[c.cond]; hc.id != "" && hc.onset <= d {
			return hc.id
		}
	}
	return ""
}

// asTelephone makes GP appointment e a telephone contact with the GP.
func (w *worker) asTelephone(e int) {
	x := &w.b.Encounters[e]
	et := &w.plan.encTypes[encGPTelephone]
	x.Class, x.TypeCode, x.TypeDisplay = et.Class, et.Code, et.Display
	if x.PractitionerID != "" {
		x.PractitionerID = w.encounterPractitioner(&w.per, w.per.practiceAt(x.StartTime), uint64(rowSeq(x.EncounterID)), contactGPTelephone)
	}
}
