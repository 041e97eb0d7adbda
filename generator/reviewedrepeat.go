package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Repeats that are reviewed (brief h68a). A row of prescriptions is a
// repeat authorised at a consultation to run until the next review
// (re-authorised there or issued again: docs/clinical-model.md, ninth
// review). A course's repeats are reissued at its condition's reviews
// (care.go), but a repeat started on a path of its own (a VTE's
// anticoagulant kept on long-term, an episode's gabapentin or SSRI
// authorised once at its telephone review) was one row running for years
// or with no end, never reviewed: 13 apixaban repeats for a DVT or PE in
// 3,000 patients (generate -n 3000 -s 61). NICE NG5 (medicines
// optimisation, approx): review repeat medicines at least once a year; so
// such a repeat is re-authorised at a GP review about its condition every
// year while it runs.

// reviewEvery is the days between the reviews that re-authorise a repeat
// started on its own path: a year (NICE NG5, approx), give or take two
// weeks (model) so the reviews spread.
const reviewEvery = 365

// redose is the dose a review on day d re-issues the medicine (the first of
// the rows) at: a regimen (nil: unchanged), or ok false when the review does
// not re-authorise it (the kidneys rule it out now). A VTE's apixaban moves
// to 2.5 mg for the long term; an episode's gabapentin is read again against
// the latest eGFR.
type redose func(d models.Date) (reg *datasets.Regimen, ok bool)

// reviewRows re-authorises the repeat rows (the rows given, written at one
// consultation: a medicine first, then its companion) at a GP review about
// condID on each day of plan, then every year, while any of them runs: each
// review ends the rows still running the day before it and issues them again
// there to their own end (the medicine at the dose dose gives, when given). A review
// that would fall after the rows' last day, or cannot be booked (the record
// ends first), is not made.
func (w *worker) reviewRows(per *person, rows []int, condID string, plan []models.Date, dose redose, s *distributions.Stream) {
	main, prev := 0, models.Date(0) // main: the medicine's row in rows, -1 once it ends
	for i := 0; ; i++ {
		r := prev + reviewEvery + models.Date(s.IntN(29)-14)
		if i < len(plan) {
			r = plan[i]
		}
		if i > 0 && r < prev+28 {
			r = prev + 28 // a repeat cycle at least (model)
		}
		last := models.Date(0)
		for _, k := range rows {
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() {
				continue
			}
			e := rx.EndDate
			if e == models.NoDate || e > per.lastDay {
				e = per.lastDay
			}
			last = max(last, e)
		}
		if r > last {
			return
		}
		id, at, ok := w.gpVisit(per, r, encGPProblem, condID, s)
		if !ok {
			return
		}
		d := at.Date()
		if d > last {
			w.unbookLastVisit(per, d)
			return
		}
		var next []int
		nextMain := -1
		for j, k := range rows {
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || rx.StartDate >= d || (rx.EndDate != models.NoDate && rx.EndDate < d) {
				continue
			}
			again := *rx
			rx.EndDate = d - 1
			again.PrescriptionID, again.EncounterID, again.StartDate = w.ids.rowID(tagPrescription), id, d
			if j == main && dose != nil {
				reg, ok := dose(d)
				if !ok {
					continue // not re-authorised: it ends before the review
				}
				if reg != nil {
					again.DMDCode, again.Medication, again.DoseText = reg.DMDCode, reg.Name, reg.DoseText
				}
			}
			if j == main {
				nextMain = len(next)
			}
			w.b.Prescriptions = append(w.b.Prescriptions, again)
			next = append(next, len(w.b.Prescriptions)-1)
		}
		if len(next) == 0 {
			return
		}
		rows, main, prev = next, nextMain, d
	}
}
