package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// seenNotPhoned reports whether a GP contact on day d about reason, drawn
// as a telephone call, is face to face instead: a child with a chest
// infection is examined (catalogue activity child_seen_for). Before
// (twenty-fifth review) a child's pneumonia could be diagnosed by telephone,
// with no breathing or temperature recorded.
func (w *worker) seenNotPhoned(per *person, reason string, d models.Date) bool {
	f := w.plan.Cat.Activity.ChildSeenFor
	if f == nil || reason == "" || per.ageOn(d) > f.MaxAge {
		return false
	}
	c := w.conditionRow(per, reason)
	return c != nil && slices.Contains(f.Problems, c.ConditionKey)
}
