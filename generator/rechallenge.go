package generator

import (
	"github.com/code4health/cohortgen/models"
)

// A medicine a result stopped (an ACE inhibitor or ARB at a potassium of
// 6.0 or more: prescribing.yaml result_stops) is acted on again at a later
// review of the condition it was for (twenty-fourth review). Before, of 48
// people whose ACE inhibitor or ARB was stopped, 6 ever had it again, a year
// or two later by the chance of a later line, and 13 had no reason on the
// record (generate -n 20000 -s 5): UK Kidney Association and NICE NG203 /
// NG106 practice is to re-check the potassium and consider restarting at a
// lower dose once it is back in range, with monitoring.

// rechallenge settles, at a review of condition ci on day d (at encounter
// encID, time t; written when record), each line medicine of the condition
// that a result stopped, with nothing of the rule's not_restarted class
// running since: once the latest result is below the rule's rechallenge
// level, for the rule's share it starts again at the lowest dose of its
// ladder (its start tests follow, monitoring start_days, as for any start),
// and for the rest the not_restarted reason is coded. While the result is
// still high the reason is coded and the decision waits for a later review.
// A medicine stopped again after a re-challenge is not started a third
// time. It reports whether a course started.
func (w *worker) rechallenge(per *person, ci int, encID string, t models.Timestamp, d models.Date, record bool, egfr float64) bool {
	started := false
	for k, n := 0, len(per.courses); k < n; k++ {
		cr := &per.courses[k]
		rs := cr.stoppedFor
		if rs == nil || cr.settled || cr.cond != ci || cr.stop > d {
			continue
		}
		nr := rs.NotRestarted
		if nr == nil || !cr.meds.inClass(nr.Class) || w.classRunning(per, nr.Class, d, -1) {
			cr.settled = true // not the rule's class (spironolactone), or taken again already
			continue
		}
		rc := nr.Rechallenge
		v, _ := latestResult(per, rs.slot, d) // the stopping result at least
		if rc != nil && !cr.rechallenge && cr.line >= 0 && !rc.Recovered(v) {
			// still high: the reason is coded, and bars the class from
			// other pathways (recordedcontra.go) until a later review
			// re-challenges it (liftBar) or leaves it
			w.notRestartedReason(per, cr, encID, t, record)
			continue
		}
		cr.settled = true
		s := per.stream(w.plan.Opts.Seed, purposeRechallenge, uint64(cr.stop))
		if rc == nil || cr.rechallenge || cr.line < 0 || !s.Bernoulli(rc.Share) {
			w.notRestartedReason(per, cr, encID, t, record)
			continue
		}
		if w.valueCodedAt(per, encID, nr.Reason.Snomed) {
			// another condition's review at this appointment has just coded
			// it contraindicated (CKD's, before hypertension's re-challenge):
			// the record says so, and it is not restarted beside the code
			// (1 of 22,911 ACE inhibitor issues, generate -n 30000 -s 141)
			continue
		}
		if was := liftBar(per, cr.meds, nr.Reason.Snomed); !w.allowed(per, cr.meds, d, egfr, -1) {
			per.barred = was // still ruled out for another reason: the bar stands
			w.notRestartedReason(per, cr, encID, t, record)
			continue
		}
		m, line, effects := cr.meds, cr.line, cr.effects
		if j := w.startCourse(per, m, ci, line, 0, d, effects, egfr, &s); j >= 0 {
			per.courses[j].rechallenge = true
			if nc := &per.courses[j]; nc.reg.Step > cr.reg.Step {
				// no more than the dose it was stopped at (lowered a step
				// for a potassium of 5.5-5.9 before it: mildlower.go)
				if reg := m.regimen(per.ageOn(d), cr.reg.Step); reg != nil {
					nc.reg = reg
				}
			}
			started = true
			// results are written out of time order: one of 6.0 or more
			// already written for a later day (a test booked ahead) stops
			// it then, as it would have had the course been running
			if x, ok := nextStopResult(per, rs, d); ok {
				per.courses[j].stoppedFor = rs
				w.stopCourse(per, j, x)
			}
		}
	}
	return started
}

// notRestartedReason codes, once, why course cr's medicine a result stopped
// is not taken now (ACE inhibitors contraindicated), when the review is
// written.
func (w *worker) notRestartedReason(per *person, cr *course, encID string, t models.Timestamp, record bool) {
	if !record || cr.reasonCoded {
		return
	}
	cr.reasonCoded = true
	w.reasonObservation(per, encID, t, &cr.stoppedFor.NotRestarted.Reason)
}

// Twenty-fifth review: the decision waited for the next review of the
// condition (a median of 102 days, a year for hypertension alone). A stop
// whose rule has rechallenge recheck_days now books the repeat test 2-4
// weeks later (a check-up about the condition the medicine was for), and a
// follow-up of that condition review_after_days after it that reads the
// result and re-challenges there when it is back below the rule's level
// (prescribing.yaml). The start bar reads the results before the day of a
// start (rules.yaml raas-blocker-started-above-potassium-5), so the
// decision follows the test rather than sharing its visit.

// pendingRecheck is a follow-up of condition ev.cond queued when rs
// stopped one of its medicines on day stop.
type pendingRecheck struct {
	ev   reviewEvent
	rs   *resultStopPlan
	stop models.Date
}

// bookRecheck queues, for a course of condition ci that rs stopped on day
// d, the repeat test and the follow-up that decides; the care pass books
// them (recheckFollowUps). One a condition and day.
func (w *worker) bookRecheck(per *person, rs *resultStopPlan, ci int, d models.Date) {
	nr := rs.NotRestarted
	if nr == nil || nr.Rechallenge == nil || nr.Rechallenge.RecheckDays[1] == 0 {
		return
	}
	for _, p := range w.recheckDue {
		if p.ev.cond == ci && p.stop == d {
			return
		}
	}
	w.recheckDue = append(w.recheckDue, pendingRecheck{ev: reviewEvent{cond: ci, due: true}, rs: rs, stop: d})
}

// recheckFollowUps books, after the event at index k was written, the
// repeat tests and follow-ups queued since: each follow-up before the
// condition's next review (its repeats run until then), unless that review
// is as near (it decides on the repeat), or none is left within the record.
func (w *worker) recheckFollowUps(per *person, events []reviewEvent, k int) []reviewEvent {
	for _, p := range w.recheckDue {
		rc := p.rs.NotRestarted.Rechallenge
		s := per.stream(w.plan.Opts.Seed, purposeRecheck, uint64(p.ev.cond), uint64(p.stop))
		test := p.stop + models.Date(between(rc.RecheckDays, &s))
		fu := p.ev
		fu.day, fu.next = test+models.Date(between(rc.ReviewAfterDays, &s)), models.NoDate
		for _, e := range events[k+1:] {
			if e.cond == fu.cond && !e.eol && !e.specialist && e.day > fu.day {
				fu.next = e.day
				break
			}
		}
		if test <= p.stop || per.inEndOfLifeCare(fu.day) {
			continue
		}
		w.recheck(per, p.rs, per.conds[fu.cond].id, test, &w.rechecking, false, &s) // resultstop.go
		if fu.next == models.NoDate || fu.day > per.lastDay || fu.next-fu.day <= w.combineDays() || followUpNear(events[k+1:], fu, w.combineDays()) {
			continue // the next review is as near (it decides on the repeat), or none comes
		}
		events = insertEvent(events, k+1, fu)
	}
	w.recheckDue = w.recheckDue[:0]
	return events
}

// valueCodedAt reports whether encounter encID already has an observation
// whose coded value is code (a medication review's reason: codedAt reads
// the observation's own code).
func (w *worker) valueCodedAt(per *person, encID, code string) bool {
	for i := len(w.b.Observations) - 1; i >= per.obsFrom; i-- {
		if o := &w.b.Observations[i]; o.EncounterID == encID && o.ValueCode == code {
			return true
		}
	}
	return false
}
