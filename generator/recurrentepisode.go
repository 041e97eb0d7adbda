package generator

import (
	"github.com/code4health/cohortgen/models"
)

// A new episode of a condition that ended (catalogue remission.recurrence;
// eighteenth review: depression never came back once it was coded
// resolved). When an episode is resolved, a new one is drawn at the
// published chance for the number of episodes so far, some months or years
// later. That day is a consultation about it: a new problem-list row, the
// review's reading (the condition's effect back in full), and the
// treatment decided afresh by the gate, as at the first diagnosis. The new
// episode ends, is continued (for longer once it recurs: maintenance) and
// may recur in turn.

// episodeSpan is an earlier episode: its first day, the days from it to
// the remission and from that to a relapse (0: none), and the day it was
// coded resolved.
type episodeSpan struct {
	start, remit, relapse, resolved models.Date
}

// episodeFrom is the first day of the current episode: the onset, or the
// day the latest recurrence began.
func (hc *heldCondition) episodeFrom() models.Date {
	if hc.epStart != 0 {
		return hc.epStart
	}
	return hc.onset
}

// drawRecurrence draws, when the episode is resolved on day d, whether a
// new one follows and on which day, and books its consultation.
func (w *worker) drawRecurrence(per *person, ci int, hc *heldCondition, d models.Date) {
	rc := hc.plan.Remission.Recurrence
	if rc == nil {
		return
	}
	episode := len(hc.past) + 1
	s := per.stream(w.plan.Opts.Seed, purposeRecurrence, uint64(ci), uint64(episode))
	u, gap := s.Float64(), s.Float64()
	if u >= rc.Chance(episode) {
		return
	}
	day := d + models.Date(rc.Days[0]+int(gap*float64(rc.Days[1]-rc.Days[0]+1)))
	if day > per.lastDay {
		return
	}
	hc.recurOn = day
	w.recurEvent = reviewEvent{day: day, cond: ci, due: true, recur: true}
}

// insertRecurrence inserts a new episode's consultation, its repeats
// running to the condition's next routine review (a year on when none is
// left).
func insertRecurrence(events []reviewEvent, from int, ev reviewEvent) []reviewEvent {
	ev.next = ev.day + 365
	for _, e := range events[from:] {
		if e.cond == ev.cond && e.day > ev.day && !e.taper && !e.eol && e.clinic == nil && !e.hormone && !e.specialist {
			ev.next = e.day
			break
		}
	}
	return insertEvent(events, from, ev)
}

// recur begins the new episode on day d: the ended one is kept for the
// readings of its days, the new one's end and relapse are drawn, a new
// problem-list row is coded (the ended row keeps its resolution), and the
// treatment pathway starts again from its first decision.
func (w *worker) recur(per *person, ci int, hc *heldCondition, d models.Date) {
	r := hc.plan.Remission
	hc.past = append(hc.past, episodeSpan{start: hc.episodeFrom(), remit: hc.remitDays, relapse: hc.relapseDays, resolved: hc.resolved})
	s := per.stream(w.plan.Opts.Seed, purposeRecurrence, uint64(ci), uint64(len(hc.past)), 1)
	u, lost, after, treated := s.Float64(), s.Float64(), s.Float64(), s.Float64()
	hc.epStart, hc.recurOn, hc.resolved, hc.remissionSeen = d, 0, 0, 0
	hc.remitDays, hc.relapseDays = models.Date(r.DayRecovered(u)), 0
	if hc.remitDays > 0 && lost < r.Relapse {
		hc.relapseDays = models.Date(r.RelapseDays[0] + int(after*float64(r.RelapseDays[1]-r.RelapseDays[0]+1)))
	}
	// the pathway afresh: untreated, nothing referred or declined yet
	hc.line, hc.started, hc.missed, hc.exhausted, hc.waiting = -1, false, false, false, false
	hc.changes, hc.lastChange, hc.lastReview, hc.declinedStep = 0, 0, 0, 0
	hc.referred, hc.crossed, hc.coded, hc.declinedAt = 0, 0, 0, 0
	hc.excused, hc.notDue = false, false
	hc.treated = len(hc.plan.lines) > 0 && treated < hc.plan.TreatedShare
	old := hc.row
	kept := w.b.Conditions[old].ResolvedDate
	if len(hc.staged) == 0 { // the episodes' rows, so that each visit names the row of its day (restageReasons)
		hc.staged = append(hc.staged, stagedRow{from: hc.onset, id: hc.id, stage: -1})
	}
	snomed, icd10, desc := rowCodes(hc)
	w.writeConditionRow(per, hc, d, snomed, icd10, desc)
	hc.staged = append(hc.staged, stagedRow{from: d, id: hc.id, stage: -1})
	w.b.Conditions[old].ResolvedDate = kept
}

// recurSeen dates the new episode by the consultation that found it (the
// visit may fall a day or two after the day drawn) and makes it the row's
// diagnosing encounter.
func (w *worker) recurSeen(hc *heldCondition, encID string, d models.Date) {
	hc.epStart = d
	hc.staged[len(hc.staged)-1].from = d
	row := &w.b.Conditions[hc.row]
	row.OnsetDate, row.DiagnosisEncounterID = d, encID
}
