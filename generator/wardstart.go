package generator

import "github.com/code4health/cohortgen/models"

// New type 1 diabetes that comes to hospital (in ketoacidosis, or a child
// sent in the same day) starts insulin on the ward and leaves on it (NICE
// NG17, NG18; JBDS-IP DKA: subcutaneous basal-bolus insulin before the
// intravenous insulin stops). The event's onset_event started_on_ward makes
// the condition's first review the discharge itself: the first line starts
// and its first issue is made on the admission's encounter, dated the day
// of discharge (care.go; clinicstart.go clinicReview). Brief h75a: before, 16 of 16
// first insulin issues after a DKA admission were a GP's or a clinic's
// 1-3 days after the discharge (generate -n 20000 -s 83).

// wardLeadMinutes: the discharge medicines are written this long before
// the person leaves (model).
const wardLeadMinutes = 60

// wardStart notes, just after the onset event's admission was written for
// hc, its inpatient encounter and discharge, when the event starts the
// first line on the ward.
func (w *worker) wardStart(per *person, hc *heldCondition) {
	ev := hc.plan.OnsetEvent
	if ev == nil || !ev.StartedOnWard || len(per.stays) == 0 {
		return
	}
	st := per.stays[len(per.stays)-1]
	for i := len(w.b.Encounters) - 1; i >= 0; i-- {
		e := &w.b.Encounters[i]
		if e.PatientID != per.id {
			return
		}
		if e.Setting == settingInpatient && e.StartTime >= st.start {
			hc.wardEnc, hc.wardEnd = e.EncounterID, e.EndTime
			return
		}
	}
}

// wardClinic is the discharge of hc's onset event's admission as the
// attendance that holds the condition's first review, or nil when the
// event does not start the first line on the ward.
func wardClinic(hc *heldCondition) *bookedClinic {
	if hc.wardEnc == "" || !hc.presented {
		return nil
	}
	start := hc.wardEnd.AddMinutes(-wardLeadMinutes)
	return &bookedClinic{enc: hc.wardEnc, start: start}
}

// wardDay is the day of the discharge that holds the first review.
func wardDay(hc *heldCondition) models.Date { return hc.wardEnd.Date() }
