package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A first line marked started_in_clinic (methotrexate in rheumatoid
// arthritis) is the specialist's to start: the GP who makes the diagnosis
// refers (the condition's at-diagnosis referral rule) and starts nothing;
// the clinic attendance the referral books starts the line and issues its
// first prescription, with its companion (folic acid) and the blood tests
// that follow a start; the practice continues and steps it up from the
// follow-up review (shared care, NICE NG100; BSR 2017 DMARD guideline).

// bookedClinic is an outpatient attendance already written.
type bookedClinic struct {
	enc   string
	start models.Timestamp
	line  int // the catalogue line (from 1) the clinic starts (referral starts_line; specialiststart.go), 0 none
}

// awaitsClinic reports whether the diagnosis review ev of a treated
// condition leaves its first line to the clinic it refers to.
func (w *worker) awaitsClinic(per *person, ev reviewEvent, hc *heldCondition) bool {
	c := hc.plan
	if !ev.diag || ev.clinic != nil || ev.day < per.firstDay || !hc.treated || len(c.lines) == 0 || !c.lines[0].StartedInClinic || gateOf(c) != nil {
		return false
	}
	for i := range c.referrals {
		if r := &c.referrals[i]; r.AtDiagnosis && !eolAtDiagnosis(per, r, ev.day) {
			return true
		}
	}
	return false
}

// clinicReview is the clinic attendance of event ev: the treatment decision
// of a first review (the line starts on the clinic's day), the tests due
// with it, and the issue of what runs until the condition's next review.
// It reports whether a follow-up review should step the new line up.
func (w *worker) clinicReview(per *person, ev reviewEvent, s *distributions.Stream) bool {
	hc := &per.conds[ev.cond]
	encID, t := ev.clinic.enc, ev.clinic.start.AddMinutes(5)
	d := t.Date()
	w.curEnc = encID
	hc.seenOn = max(hc.seenOn, d)
	read := func(slot int) float64 { return w.numericValue(per, slot, t, s) }
	egfr := w.latestEGFR(per, d)
	w.reviewSafety(per, d, egfr, s)
	changed := w.treat(per, ev, hc, d, egfr, read, s)
	w.monitorAtReview(per, ev.cond, encID, t)
	w.repeatCompanions(per, ev.cond, d, egfr, s)
	w.issueRepeats(per, ev.cond, encID, d, nextWorkingDay(ev.next))
	w.monitorDue = pendingMonitor{cond: ev.cond, enc: encID, t: t, next: nextWorkingDay(ev.next)} // booked once its follow-up is known
	w.curEnc = ""
	return changed
}
