package generator

import "github.com/code4health/cohortgen/models"

// readingSteps applies a care target's reading_steps to a review whose
// reading missed the target (missed) on day d (twenty-sixth review). Before,
// COPD stepped up on FEV1 under 60% of predicted, two annual reviews in a
// row, whatever the person's breathlessness: of 386 people ever graded MRC 3
// or more (generate -n 20000 -s 5), 73 never had a long-acting inhaler and 4
// of 190 not yet on one were started within 90 days of the grade. NICE NG115
// steps up a person who remains breathless on a short-acting bronchodilator
// at that review, and to triple therapy after exacerbations (or, with
// asthmatic features, for symptoms too). It reports whether the reading
// still misses, and whether it steps up now (no second reading waited for).
func readingSteps(per *person, hc *heldCondition, missed bool, d models.Date) (miss, now bool) {
	r := hc.plan.CareTarget.ReadingSteps
	if r == nil || !missed {
		return missed, false
	}
	if r.UpToLine > 0 && hc.line >= r.UpToLine-1 && !holdsAny(per, r.BeyondWith, d) {
		return false, false // the lines beyond follow exacerbations
	}
	return true, r.Now
}
