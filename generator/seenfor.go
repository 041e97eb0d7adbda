package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// seenNotPhoned reports whether a GP contact on day d about reason, drawn
// as a telephone call, is face to face instead: a child with a chest
// infection, and anyone with pneumonia, is examined (catalogue activity
// seen_face_to_face). Before (twenty-fifth review) a child's pneumonia
// could be diagnosed by telephone, with no breathing or temperature
// recorded. An entry marked diagnosis holds on the episode's first day
// alone: an ear infection or tonsillitis is diagnosed on examination, but a
// call a week later about one not settling may stay a call (h66d).
func (w *worker) seenNotPhoned(per *person, reason string, d models.Date) bool {
	seen := w.plan.Cat.Activity.SeenFor
	if len(seen) == 0 || reason == "" {
		return false
	}
	c := w.conditionRow(per, reason)
	if c == nil {
		return false
	}
	age := per.ageOn(d)
	return slices.ContainsFunc(seen, func(f datasets.SeenFor) bool {
		return age <= f.MaxAge && slices.Contains(f.Problems, c.ConditionKey) && (!f.Diagnosis || c.OnsetDate == d)
	})
}
