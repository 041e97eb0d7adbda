package generator

import "github.com/code4health/cohortgen/models"

// outgrowRegimens moves each running course of condition ci whose product
// is for younger ages (regimens.csv max_age) to the product for the
// person's age on day d at the same step, at the review that reissues it:
// montelukast 5 mg chewable tablets at 6-14 become the 10 mg tablets from
// 15 (BNF/BNFC). Before, a child's product ran on into adult life (a man of
// 20 on the 5 mg chewable tablets), unnoticed while few children were
// stepped up (eleventh review).
func (w *worker) outgrowRegimens(per *person, ci int, d models.Date) {
	age := per.ageOn(d)
	for k, n := 0, len(per.courses); k < n; k++ {
		cr := &per.courses[k]
		if cr.cond != ci || !cr.running(d) || cr.reg == nil || age <= cr.reg.MaxAge {
			continue
		}
		if reg := cr.meds.regimen(age, cr.reg.Step); reg != nil && reg.DMDCode != cr.reg.DMDCode {
			w.changeStep(per, k, reg, d)
		}
	}
}
