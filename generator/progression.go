package generator

import (
	"github.com/code4health/cohortgen/models"
)

// A progressive condition's specialist review (catalogue reviews.specialist;
// h61e, issue 9). Parkinson's disease was seen in clinic once, at its
// diagnosis: levodopa stepped to 25/100 three times a day at the follow-up
// and stayed there for up to 8 years. The specialist now sees the person
// every 6-12 months (NICE NG71 1.1.3), raises the dose as the disease
// years come (prescribing.yaml progression_steps; the practice's reviews do
// not take those steps) and starts the adjunct line planned for
// wearing-off; the new dose is issued at the clinic, the practice goes on
// issuing the repeats. Its draws (the reviews' days, slots, the adjunct
// and the person's pace) come from a stream of its own, so no other draw
// moves.

// Stream keys of the specialist review's draws.
const (
	specialistSchedule = 0 // the reviews' days
	specialistPace     = 1 // the person's pace of progression
	specialistAtReview = 2 // a review's slot and any line started (with its day)
)

// specialistReviews appends the specialist reviews of held condition ci in
// the record: every every_days from the diagnosis while the person is
// registered.
func (w *worker) specialistReviews(per *person, events []reviewEvent, ci int) []reviewEvent {
	hc := &per.conds[ci]
	sr := hc.plan.Reviews.Specialist
	if sr == nil {
		return events
	}
	s := per.stream(w.plan.Opts.Seed, purposeSpecialistReview, uint64(hc.plan.idx), specialistSchedule)
	for d := hc.onset + models.Date(between(sr.EveryDays, &s)); d <= per.lastDay; d += models.Date(between(sr.EveryDays, &s)) {
		if d >= per.firstDay {
			events = append(events, reviewEvent{day: d, cond: ci, specialist: true})
		}
	}
	return events
}

// specialistReview holds events[k], a specialist review: an outpatient
// attendance about the condition that takes each progression step due,
// starts a later line whose planned day has come, and issues the new
// courses until the condition's next review.
func (w *worker) specialistReview(per *person, events []reviewEvent, k int) {
	ev := events[k]
	hc := &per.conds[ev.cond]
	if per.inEndOfLifeCare(ev.day) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeSpecialistReview, uint64(hc.plan.idx), specialistAtReview, uint64(ev.day))
	enc, start, ok := w.outpatientAt(per, w.plannedDay(per, ev.day), hc.id, &s) // due on a closed day: over the week after (plannedday.go)
	if !ok {
		return
	}
	d := start.Date()
	hc.seenOn = max(hc.seenOn, d)
	egfr := w.latestEGFR(per, d)
	w.curEnc, w.atSpecialist = enc, true
	for j, n := 0, len(per.courses); j < n; j++ { // (a step appends the new dose's course)
		cr := &per.courses[j]
		if cr.cond == ev.cond && cr.line >= 0 && hc.plan.lines[cr.line].Titrate && len(cr.meds.progression) > 0 && w.stepUp(per, j, d, egfr) {
			hc.lastChange = d
		}
	}
	// accepted at a GP review after a decline (reoffer.go): the first line
	// starts here, and a later line waits for a later review (h63d: before,
	// entacapone started here while levodopa did not)
	firstNow := hc.treated && hc.waiting && hc.line < 0 && w.clinicStarts(hc)
	if firstNow {
		w.startWhenDue(per, ev.cond, d, egfr, nil, &s)
	}
	w.atSpecialist = false
	if hc.plan.Reviews.Specialist.StartsLaterLines && !w.rechallenged && !firstNow && hc.line >= 0 {
		for _, pl := range hc.planned {
			if pl.line > 0 && pl.start <= d && hc.startsLine(pl.line) {
				w.startReferredLine(per, hc, pl.line, d, &s)
			}
		}
	}
	next := nextReviewAfter(events[k+1:], ev.cond, d, per.lastDay+1)
	for j := range per.courses {
		if cr := &per.courses[j]; cr.cond == ev.cond && cr.lastRx < 0 && cr.running(d) {
			w.addRepeat(per, cr, hc.id, enc, d, repeatEnd(per, cr, nextWorkingDay(next)))
		}
	}
	w.curEnc = ""
}

// progressionYears is the years of its condition that step `step` of
// course cr's medicine waits for (0: none).
func progressionYears(per *person, cr *course, step int) float64 {
	if cr.meds == nil || len(cr.meds.progression) == 0 || cr.cond < 0 || cr.cond >= len(per.conds) {
		return 0 // most medicines have no progression steps
	}
	key := per.conds[cr.cond].plan.Key
	for _, p := range cr.meds.progression {
		if p.Step == step && p.Condition == key {
			return p.AfterYears
		}
	}
	return 0
}

// progressionDue reports whether the condition of course cr has run long
// enough by day d for step `step` (its years times the person's pace);
// a step that waits for none is always due.
func (w *worker) progressionDue(per *person, cr *course, step int, d models.Date) bool {
	y := progressionYears(per, cr, step)
	if y == 0 {
		return true
	}
	hc := &per.conds[cr.cond]
	return float64(d-hc.onset) >= y*w.progressionPace(per, hc)*365.25
}

// progressionBars reports whether step `step` of course cr waits on day d:
// a progression step is taken only at the specialist review, once due.
func (w *worker) progressionBars(per *person, cr *course, step int, d models.Date) bool {
	if progressionYears(per, cr, step) == 0 {
		return false
	}
	return !w.atSpecialist || !w.progressionDue(per, cr, step, d)
}

// progressionPace is the person's pace of progression of the condition
// held at hc: a factor on the progression steps' years, drawn in the
// specialist review's pace range (1 without one).
func (w *worker) progressionPace(per *person, hc *heldCondition) float64 {
	sr := hc.plan.Reviews.Specialist
	if sr == nil {
		return 1
	}
	s := per.stream(w.plan.Opts.Seed, purposeSpecialistReview, uint64(hc.plan.idx), specialistPace)
	return sr.Pace[0] + s.Float64()*(sr.Pace[1]-sr.Pace[0])
}

// leftToSpecialist reports whether planned line pl of the condition held
// at hc is the specialist's to start (reviews.specialist
// starts_later_lines): a later line planned to start in the record waits
// for the specialist review; one planned before the record opens is found
// running at the first review in it.
func (w *worker) leftToSpecialist(per *person, hc *heldCondition, pl plannedRx) bool {
	sr := hc.plan.Reviews.Specialist
	return sr != nil && sr.StartsLaterLines && pl.line > 0 && pl.start >= per.firstDay
}
