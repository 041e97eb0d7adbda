package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A medicine with a renal start_below (an oral NSAID below an eGFR of 60:
// prescribing.yaml renal) is not started on a latest eGFR below it. The
// course is chosen when the contact is written (allowed), on the results
// written by then; a result written later in the pass (a reading at a
// contact, or at A&E) can date from before the start. withdrawRenalStarts
// runs once every result is written and withdraws an issue that starts such
// a medicine (none of its rule's medicines issued in the restartDays before)
// when the latest eGFR in the year before its day is below the rule's
// start_below (twentieth review; rules.yaml nsaid-started-egfr-below-60).
// The year before is the audit's: the 365 days up to the day before the
// start, so a result 366 days before it counts (stop 72: naproxen started
// on 2019-01-25 on an eGFR of 56 from 2018-01-24 was left, the window
// ending a day short).
func (w *worker) withdrawRenalStarts(per *person) {
	w.withdrawStarts(per, func(rx *models.Prescription) any {
		if m := w.rxPlan(rx); m != nil && m.renal != nil && m.renal.StartBelow > 0 {
			return m.renal
		}
		return nil
	}, func(i int, rule any) bool {
		return egfrBefore(per, w.b.Prescriptions[i].StartDate, yearBeforeDays) < rule.(*datasets.RenalRule).StartBelow
	})
}

// egfrBefore is the latest eGFR result before day d and no more than within
// days old (of two on one day the lower: latestEGFR); noEGFR when there is
// none.
func egfrBefore(per *person, d models.Date, within models.Date) float64 {
	at, v := models.NoDate, noEGFR
	for _, r := range per.egfrSeen {
		if r.day < d && d-r.day <= within && (at == models.NoDate || r.day > at || r.day == at && r.value < v) {
			at, v = r.day, r.value
		}
	}
	return v
}

// yearBeforeDays is how old a result read as "in the year before" a day d
// may be: 365 days before d-1 (rules.yaml's audit), d-366 at the earliest.
const yearBeforeDays = 366

// noEGFR is egfrBefore's answer when no result is in range: above every
// limit a rule compares it with.
const noEGFR = 1e9

// renalAcuteIssue is an acute issue (a row of the batch) of a medicine
// with a renal stop_below, and the course that chose it.
type renalAcuteIssue struct {
	rx     int
	course *shortCoursePlan
}

// withdrawRenalAcute withdraws an acute issue of a medicine with a renal
// stop_below (nitrofurantoin below an eGFR of 45) when the latest eGFR in
// the year before its day is below it: the course was chosen on the results
// written by then, and a reading written later in the pass (an eGFR taken at
// a contact before an NSAID, contactstarttests.go) can date from before it.
// It is rare (1 UTI in 100,000 patients, seed 1, twenty-second review:
// rules.yaml nitrofurantoin-egfr-below-45). The course's own alternative
// (if_ruled_out, then then_ruled_out: trimethoprim for a UTI, NICE NG109)
// is issued in its place the same day, when every rule allows it; before
// the twenty-fourth review the infection was left with no antibiotic.
//
// Every acute issue of such a medicine comes from a short course
// (shortCourse, which lists it in per.renalAcute): the other acute issues
// are a contraceptive device, a stop-smoking medicine, a PPI beside an NSAID
// and this replacement, none with a renal stop_below. So only the listed
// rows are read, in row order as before; an anticipatory medicine reissued
// as a repeat (anticipatory.go) is no longer acute and stays.
func (w *worker) withdrawRenalAcute(per *person) {
	for _, is := range per.renalAcute {
		rx := &w.b.Prescriptions[is.rx]
		if rx.Type != models.PrescriptionAcute || rx.PrescriptionID.IsZero() {
			continue
		}
		if m := w.rxPlan(rx); m != nil && m.renal != nil && m.renal.StopBelow > 0 && egfrBefore(per, rx.StartDate, 365) < m.renal.StopBelow {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.replaceAcute(per, is, m)
		}
	}
}

// replaceAcute issues, for the withdrawn acute issue is of medicine gone,
// the first of its course's alternatives that every rule allows over the
// same days (allergy, age, interactions, kidneys), at the encounter and for
// the condition of the withdrawn one; nothing when none is allowed.
func (w *worker) replaceAcute(per *person, is renalAcuteIssue, gone *medPlan) {
	rx := w.b.Prescriptions[is.rx]
	onset, end := rx.StartDate, rx.EndDate
	// the result the course was chosen on, or the one the withdrawal read
	// (the year before), whichever is lower
	egfr := min(w.latestEGFR(per, onset), egfrBefore(per, onset, 365))
	for _, m := range [...]*medPlan{is.course.last, is.course.then} {
		if m == nil || m == gone || !w.allowedCourse(per, m, onset, end, egfr) {
			continue
		}
		if reg := courseRegimen(per, is.course, m, onset, egfr); reg != nil {
			w.issue(per, rx.EncounterID, rx.ConditionID, reg, onset, end, models.PrescriptionAcute)
			return
		}
	}
}
