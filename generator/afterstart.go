package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// startedOn reports whether condition ci's first medicine started at its
// review of day d (or the day the review moved to), in the record: not a
// course backdated to a diagnosis before the record began.
func (w *worker) startedOn(per *person, ci int, d models.Date) bool {
	if d < per.firstDay {
		return false
	}
	for k := range per.courses {
		if c := &per.courses[k]; c.cond == ci && c.line >= 0 && c.start >= d && c.start <= d+14 {
			return true
		}
	}
	return false
}

// afterStartReviews books the follow-up reviews of a first medicine started
// at events[k] (catalogue reviews.after_start): the first some days later,
// then more at intervals, all before the condition's next routine review.
// Each is a review like the others: it records the review's observations
// (a PHQ-9) and reissues the medicine until the next.
func (w *worker) afterStartReviews(per *person, events []reviewEvent, k int, a *datasets.AfterStart, s *distributions.Stream) []reviewEvent {
	ev := events[k]
	r := a.Days(per.ageOn(ev.day))
	day := ev.day
	for i := 0; i <= a.Then; i++ {
		if i > 0 {
			r = a.ThenDays
		}
		day += models.Date(r[0] + s.IntN(r[1]-r[0]+1))
		if day >= ev.next || day > per.lastDay {
			break
		}
		events = insertEvent(events, k+1, reviewEvent{day: day, next: ev.next, cond: ev.cond, due: true})
	}
	return events
}
