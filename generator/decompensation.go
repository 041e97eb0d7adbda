package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// After an emergency for a condition's acute problem (catalogue
// after_admission; thirteenth review): heart failure that decompensates is
// admitted (or seen in A&E) and treated with a loop diuretic, and the
// practice reviews it soon after discharge. At that review the loop
// diuretic is started when none runs and raised one step when one does
// (NICE NG106 1.5: a diuretic for congestion, its dose adjusted to need;
// BNF furosemide: 40 mg in the morning, 80 mg in resistant oedema). Before,
// a woman with three decompensations never had one: its line is drawn at
// the diagnosis by its own chance, and nothing read the admissions.

// isEmergency reports whether a flare was seen in an emergency setting (an
// admission or an A&E attendance).
func isEmergency(setting int) bool { return setting == presEmergency || setting == presAE }

// admissionFollowUps books a review of condition ci after each emergency
// for its acute problem, days after discharge (or the attendance), unless
// its next review is as near. events[from:] are the condition's routine
// reviews. The days are drawn from their own stream.
func (w *worker) admissionFollowUps(per *person, events []reviewEvent, from, ci int) []reviewEvent {
	hc := &per.conds[ci]
	a := hc.plan.AfterAdmission
	if a == nil {
		return events
	}
	s := per.stream(w.plan.Opts.Seed, purposeAfterAdmission, uint64(hc.plan.idx))
	routine := events[from:]
	for _, f := range per.flares {
		if f.cond != hc.plan.idx || !isEmergency(f.setting) || f.day < hc.onset {
			continue
		}
		day := f.day
		for _, st := range per.stays { // admitted: seen after discharge
			if st.start.Date() <= f.day && st.end.Date() >= f.day {
				day = st.end.Date()
			}
		}
		day += models.Date(between(a.FollowUpDays, &s))
		next := models.NoDate
		if len(routine) > 0 {
			next = routine[len(routine)-1].next
		}
		for _, ev := range routine {
			if ev.day > day {
				next = ev.day
				break
			}
		}
		if next == models.NoDate || day > per.lastDay || next-day <= w.combineDays() {
			continue // the next review is as near (it acts on it), or none comes
		}
		events = append(events, reviewEvent{day: day, next: next, cond: ci, due: true, admission: true})
	}
	return events
}

// afterAdmission acts, at a review of condition ci on day d, on the
// emergencies for its acute problem since the last one acted on: the
// after_admission line's drug is started, or raised one step. It reports
// whether treatment changed.
func (w *worker) afterAdmission(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	c := hc.plan
	if c.AfterAdmission == nil {
		return false
	}
	since := max(hc.admissionTo, hc.onset-1)
	hc.admissionTo = max(hc.admissionTo, d)
	any := false
	for _, f := range per.flares {
		any = any || f.cond == c.idx && isEmergency(f.setting) && f.day > since && f.day < d
	}
	if !any {
		return false
	}
	li := c.LineIndex(c.AfterAdmission.Line)
	line := &c.lines[li]
	for _, m := range line.meds {
		if m == nil {
			continue
		}
		if k := w.covered(per, m, d); k >= 0 && per.courses[k].med == m.med {
			return w.stepUp(per, k, d, egfr)
		}
	}
	m := w.chooseDrug(per, line, d, egfr, false, s)
	if m == nil {
		return false
	}
	return w.startCourse(per, m, ci, li, 0, d, line.effects, egfr, s) >= 0
}

// endOfLifeAdmissionFollowUp is the follow-up after an emergency of a
// person on the palliative care register, whose routine reviews have
// stopped: a visit about the condition that starts or raises the
// after_admission line's drug, issued to run on as the other repeats do.
// A loop diuretic relieves the breathlessness of congestion to the end of
// life and has no end-of-life hold (catalogue heart_failure line 3): on the
// register the follow-up was dropped with the routine reviews, and 8 of 11
// decompensations with no loop diuretic within 45 days were on it (brief
// h65a: TestDecompensatedHeartFailureGetsALoopDiuretic, 11 of 352).
func (w *worker) endOfLifeAdmissionFollowUp(per *person, ev reviewEvent, s *distributions.Stream) bool {
	hc := &per.conds[ev.cond]
	id, start, ok := w.gpVisit(per, ev.day, encGPProblem, hc.id, s)
	if !ok {
		w.continueRepeats(per, ev.cond, ev.day)
		return false
	}
	d := start.Date()
	w.curEnc = id
	changed := w.afterAdmission(per, ev.cond, d, w.latestEGFR(per, d), s)
	if changed {
		w.startTests(per, ev.cond, id, start.AddMinutes(5)) // starttests.go: the baseline bloods of the start
	}
	w.issueRepeats(per, ev.cond, id, d, per.lastDay+1) // no routine review to come: they run on
	return changed
}
