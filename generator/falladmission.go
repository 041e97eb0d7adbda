package generator

import (
	"github.com/code4health/cohortgen/models"
)

// fallAdmissionFollowUps books, after an emergency admission for a fall or
// a broken hip at 65 and over with no GP contact about it in the weeks
// after discharge, a GP consultation about it then (frailty.yaml
// fall_admission_follow_up; NICE NG249, CG124). Before, 251 of 557
// admissions for a fall at 65 and over had no GP contact about the fall in
// the 6 weeks after discharge (generate -n 20000 -s 5; twenty-first
// review). The draws are a stream of their own keyed by the admission's
// day; not in end-of-life care.
func (w *worker) fallAdmissionFollowUps(per *person) {
	fp := &w.plan.frailty
	fa := &fp.FallAdmission
	b := w.b
	n := len(b.Encounters) // the contacts booked here are appended after
	for k := per.encFrom; k < n; k++ {
		adm := b.Encounters[k] // a copy: booking may move the rows
		if !emergencyAdmission(&adm) || adm.ReasonConditionID == "" {
			continue
		}
		c := w.conditionRow(per, adm.ReasonConditionID)
		if c == nil || !fp.fallAdmAfter[c.ConditionKey] || per.ageOn(adm.StartTime.Date()) < fa.MinAge {
			continue
		}
		out := adm.EndTime.Date()
		if w.contactAbout(per, c.ConditionID, adm.EndTime, out+models.Date(fa.DaysAfter[1])) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeFallAdmission, uint64(adm.StartTime.Date()))
		if !s.Bernoulli(fa.Share) {
			continue
		}
		day := out + models.Date(s.Range(fa.DaysAfter[0], fa.DaysAfter[1]))
		if day > per.lastDay || day < w.plan.windowStart || per.inEndOfLifeCare(day+eolReviewMargin) {
			continue
		}
		_, start, ok := w.gpVisit(per, day, encGPProblem, c.ConditionID, &s)
		if !ok {
			continue
		}
		if c = w.conditionRow(per, adm.ReasonConditionID); c.ResolvedDate != models.NoDate && c.ResolvedDate < start.Date() {
			c.ResolvedDate = start.Date() // seen about it to then (as acuteFollowUp keeps an episode open)
		}
	}
}

// contactAbout reports whether a practice contact with a clinician about
// condition id starts after from and on or before day to.
func (w *worker) contactAbout(per *person, id string, from models.Timestamp, to models.Date) bool {
	fp := &w.plan.frailty
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if e := &w.b.Encounters[k]; e.ReasonConditionID == id && fp.clinicianContact(e) && e.StartTime > from && e.StartTime.Date() <= to {
			return true
		}
	}
	return false
}
