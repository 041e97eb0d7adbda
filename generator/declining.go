package generator

import "github.com/code4health/cohortgen/models"

// noNewDiagnosesInDecline removes the long-term conditions that would be
// newly diagnosed once a fatal decline has begun: from the day the wasting
// before an expected death begins (a cancer that kills within the year
// takes weight from its diagnosis: catalogue wasting) or end-of-life care
// begins, whichever is first. A GP does not code obesity or start a new
// chronic pathway in someone losing weight to a terminal cancer or in their
// last weeks (NICE NG31, care in the last days of life is for comfort,
// approx). The condition that causes the death stays, and so do conditions
// that present as an acute event (a stroke can still happen), and so do
// conditions a scenario cohort asks its members to have (thirteenth review:
// a member of ckd-cardiovascular's "heart failure deaths" whose heart
// failure was drawn after a lymphoma's wasting began was left without it).
// It runs after the cause of death is drawn.
func (w *worker) noNewDiagnosesInDecline(per *person) {
	per.declineFrom = declineStart(per)
	if per.declineFrom == 0 {
		return
	}
	kept := per.conds[:0]
	for _, hc := range per.conds {
		asked := per.cohort != nil && per.cohort.force[hc.plan.idx]
		if hc.onset < per.declineFrom || hc.id == per.causeID || hc.plan.OnsetEvent != nil || asked {
			kept = append(kept, hc)
		}
	}
	per.conds = kept
}

// declineStart is the first day of the person's fatal decline (0: none).
func declineStart(per *person) models.Date {
	from := per.eolStart
	if per.wasting != nil && (from == 0 || per.wastingFrom < from) {
		from = per.wastingFrom
	}
	return from
}

// diagnosableOn reports whether a new long-term diagnosis can be made on day
// d: before the fatal decline, and not in the last weeks of life.
func (per *person) diagnosableOn(d models.Date) bool {
	return (per.declineFrom == 0 || d < per.declineFrom) && (per.death == models.NoDate || d <= per.death-lastWeeksDays)
}
