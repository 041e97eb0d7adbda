package generator

import "github.com/code4health/cohortgen/models"

// A CKD stage coded on one eGFR (h72e, issue 9): a GP review found CKD
// stage 3b coded at the diagnosis or advanced on a single result below 45,
// or on two results weeks apart (generate -n 20000 -s 83: of 334 stage 3b
// rows, 24 had one result below 45 in the two years before and 32 two
// results less than 90 days apart). NICE NG203 1.1 (KDIGO 2012): CKD and
// its G category need the result to persist for more than 3 months, two
// results at least 90 days apart with none on the healthy side between
// (catalogue ckd sustained). Now, for a staged condition with sustained
// days, the stage coded at the diagnosis or advanced to is at most the most
// severe one whose run of results on the record (every result, not only
// those the reviews read: a repeat within 2 weeks interrupts a run) began
// at least those days before; before the window, where the record holds
// none, stageAfter's pair of review readings must be those days apart.

// sustainedUpTo is the most severe stage, up to k (the stage of the
// reading on day d), whose run of results on the record below its
// threshold began at least the condition's sustained days before d (0, the
// first stage, when none did), and whether the record holds any result of
// the staging observation before d: with none (a diagnosis or a history
// before the window, or a condition without sustained days) the reading's
// stage k stands.
func (w *worker) sustainedUpTo(per *person, hc *heldCondition, k int, d models.Date) (int, bool) {
	c := hc.plan
	if c.Sustained == nil || d < per.firstDay || k <= 0 {
		return max(k, 0), false
	}
	spans, held := w.stageRuns(per, hc, d-1) // renalreferral.go
	if !held {
		return k, false
	}
	for i := k; i > 0; i-- {
		if sp := spans[i]; sp.first != models.NoDate && d-sp.first >= models.Date(c.Sustained.Days) {
			return i, true
		}
	}
	return 0, true
}

// soonAfter reports whether a stage advance on day d comes less than the
// condition's sustained days after the first reading of its pair (from).
func soonAfter(hc *heldCondition, from, d models.Date) bool {
	return hc.plan.Sustained != nil && d-from < models.Date(hc.plan.Sustained.Days)
}
