package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A condition's coded care review (catalogue reviews care_review;
// thirteenth review): the practice's first review after a diagnosis made
// in the record is held some months after it and codes the review (a
// cancer care review within 12 months of the diagnosis, QOF CAN004).
// Before, a cancer's first review came a year after its diagnosis, as
// often after the twelve months as within them, and coded only a weight.

// careReviewEvent is the care review of condition ci, whose events from
// index from (in day order, the first its diagnosis) are written: on a day
// drawn from the catalogue's range after the diagnosis, its next review the
// condition's first after that day; false when the condition has none, the
// diagnosis is not in the record or the day is past the record's end.
func (w *worker) careReviewEvent(per *person, ci int, events []reviewEvent, from int, last models.Date) (reviewEvent, bool) {
	hc := &per.conds[ci]
	cr := hc.plan.Reviews.CareReview
	if cr == nil || from >= len(events) || !events[from].diag || hc.onset < per.firstDay {
		return reviewEvent{}, false
	}
	s := w.careReviewStream(per, ci)
	day := hc.onset + models.Date(between(cr.Days, &s))
	if day > per.lastDay {
		return reviewEvent{}, false
	}
	ev := reviewEvent{day: day, cond: ci, next: last, careReview: true}
	for k := from; k < len(events); k++ {
		if events[k].day > day {
			ev.next = events[k].day
			break
		}
	}
	return ev, true
}

// careReviewStream is the stream of condition ci's care review: its day,
// and the draws of the review itself (its appointment, its readings), so
// that adding it moves no other draw.
func (w *worker) careReviewStream(per *person, ci int) distributions.Stream {
	return per.stream(w.plan.Opts.Seed, purposeCareReview, uint64(per.conds[ci].plan.idx))
}
