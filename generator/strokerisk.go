package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Stroke risk reassessed when it changes (issue 9, session 55). A GP read
// people with AF whose CHA2DS2-VASc reached 2 between reviews (a 65th or
// 75th birthday, hypertension, diabetes, a stroke, heart failure or vascular
// disease newly diagnosed) left without anticoagulation until the next AF
// review, most of a year later (median 222 days on generate -n 20000 -s
// 83), or never when they died first. NICE NG196 1.6: reassess stroke risk
// when a person with AF reaches 65 or develops a risk factor. So the first
// visit at which the practice reviews another condition after the score
// rose (the new diagnosis's own visit, or the first review after the
// birthday) recomputes it: the score is coded there, and when the gate now
// calls for anticoagulation it is offered as at an AF review, with the same
// drug choice and kidney dosing, taken by those the AF pathway treats and
// declined (coded) by the others. Not in end-of-life care, where the
// routine reviews stop too. Someone who declined it before is offered it
// again there (h61c: a man of 90 with AF declined anticoagulation in 2020
// and was not asked again before his stroke in 2024): accepts_on_rise of
// them take it, the others' decline is coded again (reoffer.go).

// undecided reports whether held condition k's gated first line is still
// to be decided: treated and waiting for its score, or untreated with no
// reason coded yet.
func undecided(hk *heldCondition) bool {
	return hk.treated && hk.waiting || !hk.treated && !hk.excused
}

// offeredAgain reports whether held condition k's gated first line, coded
// as declined (or contraindicated), is offered again when the score rises
// (catalogue untreated accepts_later; h61c): the decision is made again.
func offeredAgain(hk *heldCondition) bool {
	u := hk.plan.Untreated
	return !hk.treated && hk.excused && !hk.notDue && u != nil && u.AcceptsLater > 0
}

// scoreRose reports whether held condition k's gate now calls for its first
// line on day d, with a score above the one last coded: the decision to
// make again (not in end-of-life care).
func (w *worker) scoreRose(per *person, k int, d models.Date, read func(int) float64) bool {
	hk := &per.conds[k]
	g := gateOf(hk.plan)
	if g == nil || g.Score == "" || w.plan.scoreCodes[g.Score] == nil || hk.scoredOn == 0 || hk.onset > d || hk.over(d) ||
		per.inEndOfLifeCare(d) || !undecided(hk) && !offeredAgain(hk) {
		return false
	}
	return w.gateScore(per, g, d) > hk.scoredAt && w.gateDue(per, k, d, read)
}

// reassessDue reports whether the recall after a birthday (strokeRiskRecalls)
// is still needed on day d: no visit since has made the decision.
func (w *worker) reassessDue(per *person, k int, d models.Date) bool {
	return d >= per.firstDay && w.scoreRose(per, k, d, func(int) float64 { return 0 })
}

// strokeRiskRecalls adds, for held condition ci whose first line is gated
// by a score with age items, a recall 2-6 weeks after each birthday in the
// record that raises the score (65 and 75 for CHA2DS2-VASc): the practice's
// search of its AF register finds the person (GRASP-AF, QOF AF008) when no
// other visit has reassessed them first. The events from index start are
// the condition's own; next is the review after its last.
func (w *worker) strokeRiskRecalls(per *person, events []reviewEvent, start, ci int, next models.Date) []reviewEvent {
	hc := &per.conds[ci]
	g := gateOf(hc.plan)
	if g == nil || g.Score == "" || w.plan.scoreCodes[g.Score] == nil {
		return events
	}
	sc := w.plan.Cat.Scores[g.Score]
	for _, it := range sc.Items {
		if it.AgeAtLeast == 0 {
			continue
		}
		bday := per.birthday(it.AgeAtLeast)
		if bday <= hc.onset || bday < per.firstDay {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeStrokeRisk, uint64(bday), 2)
		day := bday + models.Date(recallAfterDays[0]+s.IntN(recallAfterDays[1]-recallAfterDays[0]+1))
		if day > per.lastDay {
			continue
		}
		ev := reviewEvent{day: day, cond: ci, next: next, reassess: true}
		for k := start; k < len(events); k++ {
			if e := events[k]; e.cond == ci && e.day > day && !e.eol && !e.reassess && !e.specialist {
				ev.next = min(ev.next, e.day) // the condition's next review: repeats run until then
			}
		}
		events = append(events, ev)
	}
	return events
}

// recallAfterDays is how long after the birthday the practice's search
// recalls the person: 2-6 weeks (model: a monthly register search and the
// appointment it books).
var recallAfterDays = [2]int{14, 42}

// reassessStrokeRisk reassesses, at a visit about condition ci (encounter
// encID, time t), the gated score of each other condition the person holds
// whose value rose above the one last coded, and starts or records the
// decision its gate calls for. It returns the held condition whose first
// line it started today (-1: none), for its issue after the start tests.
func (w *worker) reassessStrokeRisk(per *person, ci int, encID string, t models.Timestamp, egfr float64, read func(int) float64) int {
	d := t.Date()
	started := -1
	for k := range per.conds {
		hk := &per.conds[k]
		if k == ci || !w.scoreRose(per, k, d, read) {
			continue
		}
		w.recordGateScore(per, k, encID, t.AddMinutes(1))
		w.acceptLater(per, k, d, read) // reoffer.go: declined before, some take it now
		if !hk.treated {
			w.untreatedReason(per, k, encID, t, read) // declined, as at the review
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeStrokeRisk, uint64(d))
		w.startLine(per, k, 0, d, egfr, &s)
		hk.waiting = !w.lineCovered(per, &hk.plan.lines[0], d) // none suits today: the AF review tries again
		if !hk.waiting {
			started = k
		}
	}
	return started
}

// issueReassessed writes the first issue of each course of held condition
// k started on day d (reassessStrokeRisk), to run until its next routine
// review, where its repeats are issued as usual.
func (w *worker) issueReassessed(per *person, k int, encID string, d models.Date) {
	if k < 0 {
		return
	}
	hk := &per.conds[k]
	next := hk.nextReview
	if next <= d { // that review was not held (a stay, a missed recall): the usual interval
		next = d + models.Date(w.reviewInterval(per, hk, float64(d)))
	}
	for j := range per.courses {
		if cr := &per.courses[j]; cr.cond == k && cr.start == d && cr.lastRx < 0 && cr.running(d) {
			w.addRepeat(per, cr, hk.id, encID, d, repeatEnd(per, cr, next))
		}
	}
}
