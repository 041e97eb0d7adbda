package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A telephone request for a repeat (nothingToSee, coded "Medication
// requested", about a condition with a repeat in force) is answered with an
// issue (issue 9, brief h62a). A repeat row is an authorisation the reviews
// re-authorise for up to a year (prescribing.yaml repeats max_issue_days),
// so the call stood alone: a GP read "Medication requested" and no
// prescription that day or in the week after, at 48,883 of 51,596 such
// calls (generate -n 20000 -s 83). Now each repeat of the call's condition
// running over it is issued at the call: its row ends the day before and the
// same product and dose runs on from the call to where it ran.
//
// Not where the issue is recent or about to be renewed: an issue made
// within one cycle before the call (prescribing.yaml repeats issue_days)
// still supplies the patient, and one ending within two weeks after it is
// renewed by the review then (two issues of one product days apart,
// TestNoRepeatIssuedWhileThePreviousCovers). And not where a prescriber
// would review before issuing (the call stands as the request, answered at
// that review): the next review changes or ends the repeat (a condition
// resolved, a dose the age no longer suits), an eGFR below a renal limit of
// the medicine has come since (prescribing.yaml renal), or a companion has
// fallen due by age (a PPI beside an NSAID from 65), or its monitoring test
// is due (an eGFR a year on an ACE inhibitor: prescribing.yaml monitoring).
// A first try issuing
// at every call gave 24 hard violations at generate -n 20000 -s 83, each
// of those kinds. It runs before the last safety step (withdrawPastLimits),
// which reads the call's issue like any other. Nothing is drawn: no stream
// moves.

// requestGapDays: an issue ending within this many days after a call is
// renewed by the review that follows, not at the call (the two-week gap the
// repeats test holds between issues of one product).
const requestGapDays = 14

// requestedIssues issues at each medication request call of per the
// repeats of its condition in force on the call's day (above).
func (w *worker) requestedIssues(per *person) {
	b := w.b
	code := w.plan.medRequested.Snomed
	cycle := models.Date(w.plan.repeats.IssueDays)
	egfr := w.writtenReadings(per, w.plan.slots.egfr, w.pastEGFR[:0])
	w.pastEGFR = egfr
	for i := per.obsFrom; i < len(b.Observations); i++ {
		o := &b.Observations[i]
		if o.SnomedCode != code || o.ObservationID.IsZero() {
			continue
		}
		x := w.encounterByID(per, o.EncounterID)
		if x == nil || x.ReasonConditionID == "" {
			continue
		}
		d := x.StartTime.Date()
		for k, n := per.rxFrom, len(b.Prescriptions); k < n; k++ {
			rx := &b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionRepeat || rx.ConditionID != x.ReasonConditionID {
				continue
			}
			if rx.StartDate > d-cycle || rx.EndDate != models.NoDate && rx.EndDate < d+requestGapDays {
				continue
			}
			if !w.renewedUnchanged(per, k) || w.reviewBeforeIssue(per, rx, egfr, d) {
				continue
			}
			next := *rx
			next.PrescriptionID = w.ids.rowID(tagPrescription)
			next.EncounterID, next.StartDate = x.EncounterID, d
			rx.EndDate = d - 1
			w.renewals = append(w.renewals, [2]int{k, len(b.Prescriptions)})
			b.Prescriptions = append(b.Prescriptions, next)
		}
	}
}

// renewedUnchanged reports whether repeat k runs to the end of the record
// or the review at its end issues it again, the same product and dose for
// the same condition, from the day after (within the re-order days); and no
// other issue of the product overlaps it (then it is left as written).
func (w *worker) renewedUnchanged(per *person, k int) bool {
	b := w.b
	rx := &b.Prescriptions[k]
	end := rx.EndDate
	if end == models.NoDate {
		end = per.lastDay
	}
	reorder := models.Date(w.plan.repeats.ReorderDays)
	renewed := end >= per.lastDay
	for j := per.rxFrom; j < len(b.Prescriptions); j++ {
		r := &b.Prescriptions[j]
		if j == k || r.PrescriptionID.IsZero() || r.DMDCode != rx.DMDCode {
			continue
		}
		if r.StartDate <= end && (r.EndDate == models.NoDate || r.EndDate >= rx.StartDate) {
			return false
		}
		if r.Type == models.PrescriptionRepeat && r.ConditionID == rx.ConditionID && r.DoseText == rx.DoseText && r.StartDate > end && r.StartDate <= end+1+reorder {
			renewed = true
		}
	}
	return renewed
}

// reviewBeforeIssue reports whether a prescriber would review repeat rx
// before issuing it on day d (above): the patient's age no longer suits its
// dose, its dose reads results at each issue (apixaban's weight and age, a
// beta-blocker's pulse), a companion has fallen due by age since it was
// issued, its monitoring test (prescribing.yaml monitoring) has an interval
// and is not on the record within it before d, or the latest eGFR within a
// year is below a limit of its medicine's renal rule, or there is none in
// the year.
func (w *worker) reviewBeforeIssue(per *person, rx *models.Prescription, egfr []slotReading, d models.Date) bool {
	m := w.rxPlan(rx)
	if m == nil {
		return true
	}
	age := per.ageOn(d)
	reg, ok := datasets.RegimenByDMD(rx.DMDCode)
	if !ok {
		return true
	}
	if r := m.regimen(age, reg.Step); r == nil || r.DMDCode != rx.DMDCode || r.DoseText != rx.DoseText {
		return true
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; c.ConditionID == rx.ConditionID && c.ResolvedDate != models.NoDate && c.ResolvedDate <= d {
			return true // its reason resolved: reviewed, not issued (an episode of depression)
		}
	}
	if cp := m.companion; cp != nil && cp.fromAge > 0 && age >= cp.fromAge && per.ageOn(rx.StartDate) < cp.fromAge {
		return true
	}
	for _, sb := range m.startBars {
		if age >= sb.fromAge && per.ageOn(rx.StartDate) < sb.fromAge {
			return true
		}
	}
	if m.lowerDose != nil || m.slowHeart != nil {
		return true // its dose reads the weight, age or pulse at each issue (dosecriteria.go, slowheart.go)
	}
	if mp := m.monitor; mp != nil && mp.every > 0 {
		// A test with no interval (every_days 0) is taken after a start or
		// dose change only (start_days), never before each issue: without this
		// every requested repeat of a statin or antipsychotic waited for a
		// review that had its tests that day.
		for _, slot := range mp.slots {
			if !w.readWithin(per, slot, d-mp.every, d) {
				return true // its monitoring test is due: booked before an issue
			}
		}
	}
	if rr := m.renal; rr != nil {
		v, ok := lowestLatest(egfr, d, 365)
		if !ok {
			return true // no eGFR in the year: taken before an issue (metformin's yearly eGFR, NICE NG28)
		}
		limit := max(rr.StopBelow, rr.CapLimit(), rr.StartBelow)
		for _, rd := range rr.Reduce {
			limit = max(limit, rd.Below)
		}
		return v < limit
	}
	return false
}

// readWithin reports whether a result of observation slot is written for
// per on a day from from to to.
func (w *worker) readWithin(per *person, slot int, from, to models.Date) bool {
	code := w.plan.obsCodes[slot].Snomed
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.SnomedCode == code && !o.ObservationID.IsZero() {
			if d := o.EffectiveTime.Date(); d >= from && d <= to {
				return true
			}
		}
	}
	return false
}

// withdrawOrphanRenewals withdraws a renewal written at a medication
// request whose renewed issue the last safety step withdrew (a restart
// after an acute kidney injury's pause read as a start above a potassium
// limit, stop 64 merge): a request renews what runs, and nothing did. In
// the order written, so a renewal of a renewal goes with it. It reports
// whether it withdrew any (withdrawPastLimits judges again).
func (w *worker) withdrawOrphanRenewals(per *person) bool {
	gone := false
	for _, r := range w.renewals {
		head, tail := &w.b.Prescriptions[r[0]], &w.b.Prescriptions[r[1]]
		if m := w.rxPlan(tail); m != nil && w.forcedMedicine(per, m) {
			continue // a scenario's drug stays on the record (medicines.go forced)
		}
		if head.PrescriptionID.IsZero() && !tail.PrescriptionID.IsZero() {
			tail.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.withdrawCompanion(per, tail)
			gone = true
		}
	}
	return gone
}
