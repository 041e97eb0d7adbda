package generator

import "github.com/code4health/cohortgen/models"

// Slower titration in CKD (brief h71g). Allopurinol's active metabolite,
// oxipurinol, is cleared by the kidney: in CKD it is started low and raised
// in smaller steps (50 mg where 100 mg is the usual step) while the monthly
// urate stays above target. The model's ladder rises 100 mg a step, so the
// same pace is kept by raising it no sooner than prescribing.yaml renal
// slow_titration's days after the last change below its eGFR (before, 37 of
// 55 allopurinol dose changes at an eGFR of 30-59 came less than 56 days
// after the one before, a median 32-35 days, as at normal kidney function:
// generate -n 20000 -s 83).

// raiseDue reports whether course k has run at its dose long enough on day
// d to be raised: minStepDays, or the medicine's renal pace at eGFR egfr.
func raiseDue(per *person, k int, egfr float64, d models.Date) bool {
	cr := &per.courses[k]
	return d-cr.start >= models.Date(max(minStepDays, cr.meds.renal.RaiseAfterDays(egfr)))
}

// raiseWaits reports whether a course of line li of condition ci could be
// raised on day d but for its renal pace: the step up waits for a later
// review, and the next line (febuxostat after allopurinol) is not begun in
// its place.
func (w *worker) raiseWaits(per *person, ci, li int, d models.Date, egfr float64) bool {
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.cond == ci && cr.line == li && cr.meds.renal.RaiseAfterDays(egfr) > 0 &&
			w.stepAllowed(per, k, d, egfr) && !raiseDue(per, k, egfr, d) {
			return true
		}
	}
	return false
}
