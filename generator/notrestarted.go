package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A first-line medicine a result stopped and no one started again (an ACE
// inhibitor after a potassium of 6.0 or more: prescribing.yaml result_stops
// not_restarted) has its reason coded at the condition's next review where
// none of the line runs. Before, 8 of 84 people with diabetes, CKD and an
// ACR above 3 had neither an ACE inhibitor or ARB nor a reason (generate
// -n 20000 -s 5; twenty-second review).

// stoppedForResult is the reason to code when one of the line's medicines
// was running on the day of a result, on or before day d, that stops it, or
// the latest such result bars starting it today (a potassium of 6.4 at the
// review whose ACR calls for an ACE inhibitor; twenty-fourth review), or a
// latest result above its start_above keeps it from starting (nil: none).
func stoppedForResult(per *person, line *linePlan, d models.Date) *datasets.UntreatedReason {
	for _, m := range line.meds {
		if m == nil {
			continue
		}
		for _, rs := range m.stops {
			n := rs.NotRestarted
			if n == nil || !datasets.InClass(m.med.Key, n.Class) {
				continue
			}
			if v, ok := latestResult(per, rs.slot, d); ok && rs.Acts(v) {
				return &n.Reason
			}
			for _, r := range per.stopSeen {
				if r.slot == rs.slot && r.day <= d && rs.Acts(r.value) && courseOn(per, m, r.day) {
					return &n.Reason
				}
			}
		}
		// not started above start_above: a potassium above 5.0 bars the
		// ACE inhibitor or ARB a hypertension or CKD line calls for
		// (twenty-fourth review), and the review says why
		for _, rs := range m.startLimit {
			if n := rs.NotRestarted; n != nil && datasets.InClass(m.med.Key, n.Class) && rs.barsStart(per, d) {
				return &n.Reason
			}
		}
	}
	return nil
}

// courseOn reports whether a course of the medicine ran on day d (a course
// stopped that day included).
func courseOn(per *person, m *medPlan, d models.Date) bool {
	for k := range per.courses {
		if c := &per.courses[k]; c.med == m.med && c.start <= d && (c.stop == models.NoDate || d <= c.stop) {
			return true
		}
	}
	return false
}
