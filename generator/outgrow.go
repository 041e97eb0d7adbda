package generator

import "github.com/code4health/cohortgen/models"

// outgrowRegimens moves each running course of condition ci whose product
// is for younger ages (regimens.csv max_age) to the product for the
// person's age on day d at the same step, at the review that reissues it:
// montelukast 5 mg chewable tablets at 6-14 become the 10 mg tablets from
// 15 (BNF/BNFC). Before, a child's product ran on into adult life (a man of
// 20 on the 5 mg chewable tablets), unnoticed while few children were
// stepped up (eleventh review). A dose with no regimen at the person's age
// steps down to the highest one that has (eighteenth review).
func (w *worker) outgrowRegimens(per *person, ci int, d models.Date) {
	age := per.ageOn(d)
	for k, n := 0, len(per.courses); k < n; k++ {
		cr := &per.courses[k]
		if cr.cond != ci || !cr.running(d) || cr.reg == nil || age <= cr.reg.MaxAge {
			continue
		}
		// the same step's product for the age, or, when the step has no dose
		// at this age, the highest step that has (citalopram 40 mg goes down
		// to 20 mg from 65, MHRA 2011; eighteenth review: a man of 70 was
		// still issued the 40 mg he started at 60)
		if reg := cr.meds.regimen(age, cr.reg.Step); reg != nil && (reg.DMDCode != cr.reg.DMDCode || reg.Step < cr.reg.Step) {
			w.changeStep(per, k, reg, d)
		}
	}
}
