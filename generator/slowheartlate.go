package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A slow heart read at any GP contact (h59b, issue 9). The slow-heart rule
// (slowheart.go) acts at the reviews of the condition that owns the
// beta-blocker, but a pulse is also taken at contacts written later (a
// symptom contact, another register's check-up) or between two annual
// reviews: 158 readings under 50 on a beta-blocker had no change of it in
// the 30 days after (generate -n 20000 -s 83), 34 of them at hypertension
// contacts. BNF: a beta-blocker is reduced (halved) at a heart rate under 50
// and stopped if it persists. This pass reads the written record once every
// contact is written, in date order: at a GP contact whose pulse is below the
// rule's limit, with the medicine's issue running and no change of it in the
// answer window after, the GP halves it there (the rule's lower_step) or, on
// the halved dose or below, stops it and codes why. The issues of the dose
// that followed it (re-issues, raises) are withdrawn; the halved dose runs to
// where they ended. Nothing is drawn: no stream moves.

// slowHeartsAtContacts applies the slow-heart rules to every GP contact's
// reading, as above.
func (w *worker) slowHeartsAtContacts(per *person) {
	for _, sp := range w.plan.slowHeart {
		w.slowRows = append(w.slowRows[:0], w.readingsOf(per, sp.slot)...) // a copy, sorted below: the index keeps row order
		rows := w.slowRows
		slices.SortStableFunc(rows, func(a, b int32) int {
			return int(w.b.Observations[a].EffectiveTime - w.b.Observations[b].EffectiveTime)
		})
		for _, i := range rows {
			o := w.b.Observations[i]
			if o.Value == nil || *o.Value >= sp.Below || o.ObservationID.IsZero() {
				continue
			}
			d := o.EffectiveTime.Date()
			if d < per.firstDay || !w.atGPContact(per, o.EncounterID) {
				continue
			}
			w.slowHeartAt(per, sp, o.EncounterID, o.EffectiveTime, d)
		}
	}
}

// atGPContact reports whether the encounter is one of the person's GP
// contacts.
func (w *worker) atGPContact(per *person, encID string) bool {
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.EncounterID == encID {
			return e.Setting == settingGP
		}
	}
	return false
}

// slowHeartAt acts on a reading below sp's limit at encounter encID on day
// d: on the issue of a medicine of the rule running then, unless it changed
// within the rule's answer_days or is a scenario's.
func (w *worker) slowHeartAt(per *person, sp *slowHeartPlan, encID string, t models.Timestamp, d models.Date) {
	run := -1
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		// the dose taken up to the contact: one changed on its day (a review
		// that halved it there) is the change, read below
		if m := w.rxPlan(rx); rx.PrescriptionID.IsZero() || m == nil || m.slowHeart != sp || rx.StartDate >= d || (rx.EndDate != models.NoDate && rx.EndDate < d-1) {
			continue
		}
		if run < 0 || rx.StartDate > w.b.Prescriptions[run].StartDate {
			run = j
		}
	}
	if run < 0 {
		return
	}
	m := w.rxPlan(&w.b.Prescriptions[run])
	if w.forcedMedicine(per, m) {
		return // a scenario's medicine goes on
	}
	lower := m.regimen(per.ageOn(d), sp.LowerStep)
	if sp.LowerStep <= 0 || lower == nil || lower.Step != sp.LowerStep {
		lower = nil
	}
	chain, end := w.issuesAfter(per, m, run, d)
	if w.changedWithin(per, m, run, chain, lower, d, models.Date(sp.AnswerDays)) {
		return
	}
	rx := &w.b.Prescriptions[run]
	cond, product := rx.ConditionID, rx.DMDCode
	for _, j := range chain {
		w.b.Prescriptions[j].PrescriptionID = models.ID{}
		w.withdrawn = true
	}
	rx.EndDate = d - 1 // (it started before the contact)
	if lower != nil && product != lower.DMDCode && !belowLowerStep(product, sp.LowerStep) {
		w.issue(per, encID, cond, lower, d, end, models.PrescriptionRepeat) // halved
		return
	}
	if down := w.ladderDownAt(per, sp, m, product, d); down != nil {
		w.issue(per, encID, cond, down, d, end, models.PrescriptionRepeat) // a ladder step down, not off (h67c)
		return
	}
	// stopped: no later issue of it either
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		if o := &w.b.Prescriptions[j]; !o.PrescriptionID.IsZero() && o.StartDate > d && w.sameMedicine(o, m) {
			o.PrescriptionID = models.ID{}
			w.withdrawn = true
		}
	}
	w.reasonObservation(per, encID, t.AddMinutes(1), &sp.Reason)
}

// issuesAfter is the issues of medicine m that continue issue run from day
// d (each starting within restartDays of the one before's end), and the
// day the last of them (or run) ends.
func (w *worker) issuesAfter(per *person, m *medPlan, run int, d models.Date) ([]int, models.Date) {
	var chain []int
	end := w.b.Prescriptions[run].EndDate
	for end != models.NoDate {
		next := -1
		for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
			rx := &w.b.Prescriptions[j]
			if j == run || slices.Contains(chain, j) || rx.PrescriptionID.IsZero() || !w.sameMedicine(rx, m) || rx.StartDate < d || rx.StartDate > end+restartDays {
				continue
			}
			if next < 0 || rx.StartDate < w.b.Prescriptions[next].StartDate {
				next = j
			}
		}
		if next < 0 {
			break
		}
		chain = append(chain, next)
		end = w.b.Prescriptions[next].EndDate
	}
	return chain, end
}

// changedWithin reports whether the medicine was changed (moved to the
// halved dose or stopped) within the answer window (the rule's answer_days)
// after day d.
func (w *worker) changedWithin(per *person, m *medPlan, run int, chain []int, lower *datasets.Regimen, d, answer models.Date) bool {
	last := run
	for _, j := range chain {
		rx := &w.b.Prescriptions[j]
		if rx.StartDate > d+answer {
			return false // still issued, unchanged, past the window
		}
		if lower != nil && rx.DMDCode == lower.DMDCode && w.b.Prescriptions[run].DMDCode != lower.DMDCode {
			return true
		}
		if from, to := dailyDose(&w.b.Prescriptions[run]), dailyDose(rx); m.slowHeart != nil && m.slowHeart.LadderDown && to >= 0 && to < from {
			return true // taken a ladder step down (h67c)
		}
		last = j
	}
	e := w.b.Prescriptions[last].EndDate
	return e != models.NoDate && e <= d+answer && e < per.lastDay // stopped
}

// belowLowerStep reports whether the product is one of a titration
// ladder's doses under the halved dose (bisoprolol 1.25 mg for heart
// failure): from there the medicine stops.
func belowLowerStep(product string, lowerStep int) bool {
	g, ok := datasets.RegimenByDMD(product)
	if !ok {
		return false
	}
	return g.Ladder != "" && g.Step < lowerStep
}

// forcedMedicine reports whether a scenario forces medicine m on the person.
func (w *worker) forcedMedicine(per *person, m *medPlan) bool {
	for k := range per.courses {
		if c := &per.courses[k]; c.forced && c.med == m.med {
			return true
		}
	}
	return false
}

// sameMedicine reports whether issue rx is of medicine m (any of its
// regimens: a ladder's dose or the usual one).
func (w *worker) sameMedicine(rx *models.Prescription, m *medPlan) bool {
	p := w.rxPlan(rx)
	return p != nil && p.med.Key == m.med.Key
}

// ladderDownAt is the dose a slow heart on day d takes the issue of
// product (medicine m) down to on the ladder of the person's course of m
// (ladderStepDown: bisoprolol for heart failure from 2.5 to 1.25 mg); nil
// when there is none, and the medicine stops.
func (w *worker) ladderDownAt(per *person, sp *slowHeartPlan, m *medPlan, product string, d models.Date) *datasets.Regimen {
	age := per.ageOn(d)
	for k := range per.courses {
		c := &per.courses[k]
		if c.meds.ladder == "" || c.meds.med.Key != m.med.Key || c.start > d {
			continue
		}
		for i := range c.meds.regimens {
			if r := &c.meds.regimens[i]; r.DMDCode == product && age >= r.MinAge && age <= r.MaxAge {
				if down := ladderStepDown(sp, c.meds, age, r.Step); down >= 0 {
					return c.meds.regimen(age, down)
				}
				return nil
			}
		}
	}
	return nil
}
