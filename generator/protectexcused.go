package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A protecting medicine the data calls for and the review does not give
// (brief h67g). The ACE inhibitor of diabetes with an ACR above 3 was left
// out without a word when a latest potassium above 5.0 barred it (NICE
// CG182/NG203: not started above 5.0) or the person was past the age it is
// started at: of 13 people with diabetes, CKD and an ACR above 3 on no ACE
// inhibitor or ARB and with no reason on the record, 8 were 85 or over
// (generate -n 20000 -s 83). The review codes why (catalogue also_protect
// barred, over_age), as a decline is coded: at the condition's own review,
// at most once every reoffer_days; the offer is still made at the next
// review the rules allow it.

// excuseProtect codes reason r for the i-th protecting medicine of
// condition ci at the review encID (time t, day d), when r is set, the
// review is the condition's own and none was coded in the last
// reoffer_days.
func (w *worker) excuseProtect(per *person, ci, i int, r *datasets.UntreatedReason, encID string, t models.Timestamp, d models.Date) {
	hc := &per.conds[ci]
	pp := hc.plan.protects[i]
	if r == nil || w.reasonOf(per, encID) != hc.id {
		return
	}
	if last := hc.protectExcused[i]; last != 0 && d-last < models.Date(pp.ReofferDays) {
		return
	}
	hc.protectExcused[i] = d
	w.codeReasonAt(per, encID, t, r)
}
