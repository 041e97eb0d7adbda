package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// The last safety step of a record (brief h57a). The record is written in
// phases (docs/clinical-model.md, Known limits): a pass late in the order
// (an INR or potassium check days into an antibiotic, interactions.go; a
// contact's bloods) can write a result dated before a repeat issue an
// earlier pass already made. A prescriber issuing on that day would have
// seen it. Before, such an issue stood: alendronic acid re-issued the day
// after an eGFR of 33 (generate -n 30000 -s 89), lithium issued at a review
// whose own sample read 27, ramipril started again two months after a
// potassium of 5.1. Each earlier withdraw step covers one pass and one
// medicine; this one reads every result on the record once every pass has
// written, and applies the two prescribing limits that read a result:
//
//   - renal stop_below (prescribing.yaml renal): an issue whose latest eGFR
//     on or before its day, within a year, is below its medicine's limit is
//     not made (the medicine is stopped at that result: its earlier issue
//     ends as written, no later one follows while the result stands);
//   - result_stops start_above (a potassium above 5.0 for an ACE inhibitor,
//     ARB or spironolactone): an issue that starts the medicine's group
//     (none issued in the 28 days before) on a latest result above it, read
//     before its day or on it, is not made: the start decision reads both
//     (barsStart). When the decision read only the day's own (tried in
//     h60a), this step withdrew a losartan start made on the review's own
//     4.8 after a diagnosis-day 5.2, and the repeats later reviews
//     re-authorised on that withdrawn issue went with it: stage 1
//     hypertension untreated for years.
//
// The readings are taken from the written rows, not from the person's
// running lists, so a result written by any pass is seen. Nothing is
// drawn: no stream moves.

// withdrawPastLimits withdraws every issue a result on the record forbids
// (above), with its companion.
func (w *worker) withdrawPastLimits(per *person) {
	egfr := w.writtenReadings(per, w.plan.slots.egfr, w.pastEGFR[:0])
	w.pastEGFR = egfr
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil || m.renal == nil {
			continue
		}
		if w.reducePastRenalDose(per, rx, m, egfr) { // pastrenaldose.go
			if m = w.rxPlan(rx); m == nil || m.renal == nil {
				continue // (the reduced step's product, its own plan)
			}
		}
		if m.renal.StopBelow <= 0 {
			continue
		}
		if v, ok := lowestLatest(egfr, rx.StartDate, 365); ok && v < m.renal.StopBelow {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.withdrawCompanion(per, rx)
		}
	}
	for {
		w.withdrawResultStarts(per)
		w.withdrawBarredIssues(per)      // barredissues.go
		w.withdrawInteractingIssues(per) // interactingissues.go: a pair one pass could not see whole
		// a renewal of an issue withdrawn above goes too (requestissue.go),
		// and the issue after it may then be a start: judged again
		if !w.withdrawOrphanRenewals(per) {
			break
		}
	}
	w.renewals = w.renewals[:0]
}

// withdrawResultStarts withdraws the starts a result rule's start_above
// forbids (an ACE inhibitor started above a potassium of 5.0).
func (w *worker) withdrawResultStarts(per *person) {
	for _, rs := range w.plan.stopOf {
		if rs == nil || rs.StartAbove <= 0 {
			continue
		}
		results := w.writtenReadings(per, rs.slot, w.pastResults[:0])
		w.pastResults = results
		w.withdrawStarts(per, func(rx *models.Prescription) any {
			if m := w.rxPlan(rx); m != nil && slices.Contains(m.startLimit, rs) {
				return startGroup(rs, m)
			}
			return nil
		}, func(i int, _ any) bool {
			return startAboveLimit(results, rs, w.b.Prescriptions[i].StartDate)
		})
	}
}

// startAboveLimit reports whether a start on day d is above rule rs's
// start_above by results: the latest before the day, or the day's own
// when there is one.
func startAboveLimit(results []slotReading, rs *resultStopPlan, d models.Date) bool {
	before, ok := highestLatest(results, d-1, 0)
	own, _ := highestLatest(results, d, 0)
	return ok && before > rs.StartAbove || own > rs.StartAbove
}

// startGroup is the group whose start a result rule limits that medicine
// m belongs to: the medicine itself when the rule names it, else the first
// of the rule's start classes it is in (any ACE inhibitor or ARB starts the
// class, as the audit judges a start). A group is a pointer, compared by
// identity: the medicine's plan (one a medicine, medPlans) or the class's
// entry in the rule. As strings ("class:" + c) they cost two allocations an
// issue, the concatenation and the string boxed in an any (stop 62: ~2.4 of
// the ~28 objects a patient allocated).
func startGroup(rs *resultStopPlan, m *medPlan) any {
	if slices.Contains(rs.StartMedicines, m.med.Key) {
		return m
	}
	for k, c := range rs.StartClasses {
		if m.inClass(c) {
			return &rs.StartClasses[k]
		}
	}
	return m
}

// writtenReadings appends to out the person's written results of the slot
// (rows not withdrawn, with a value), sorted by day.
func (w *worker) writtenReadings(per *person, slot int, out []slotReading) []slotReading {
	code := w.plan.obsCodes[slot].Snomed
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; o.SnomedCode == code && o.Value != nil && !o.ObservationID.IsZero() {
			out = append(out, slotReading{slot: slot, day: o.EffectiveTime.Date(), value: *o.Value})
		}
	}
	slices.SortStableFunc(out, func(a, b slotReading) int { return int(a.day - b.day) })
	return out
}

// lowestLatest is the lowest of the results on the latest day with one on
// or before day d, no more than within days before it (0: any age), and
// whether there is one. Of two on a day the audit may read either, so the
// lower is judged.
func lowestLatest(rs []slotReading, d models.Date, within models.Date) (float64, bool) {
	return latestBy(rs, d, within, func(a, b float64) bool { return a < b })
}

// highestLatest is lowestLatest's highest.
func highestLatest(rs []slotReading, d models.Date, within models.Date) (float64, bool) {
	return latestBy(rs, d, within, func(a, b float64) bool { return a > b })
}

// latestBy is the result of the latest day on or before d (within days
// before it, 0: any age) that better prefers over the others of that day.
func latestBy(rs []slotReading, d, within models.Date, better func(a, b float64) bool) (float64, bool) {
	at, v := models.NoDate, 0.0
	for _, r := range rs {
		if r.day > d {
			break
		}
		if within > 0 && d-r.day > within {
			continue
		}
		if at == models.NoDate || r.day > at || better(r.value, v) {
			at, v = r.day, r.value
		}
	}
	return v, at != models.NoDate
}
