package generator

import "github.com/code4health/cohortgen/models"

// A CKD stage coded on one eGFR (h72e, issue 9): a GP review found CKD
// stage 3b coded at the diagnosis or advanced on a single result below 45,
// or on two results weeks apart (generate -n 20000 -s 83: of 334 stage 3b
// rows, 24 had one result below 45 in the two years before and 32 two
// results less than 90 days apart). NICE NG203 1.1 (KDIGO 2012): CKD and
// its G category need the result to persist for more than 3 months, two
// results at least 90 days apart (catalogue ckd sustained). Now, for a
// staged condition with sustained days: the stage coded at the diagnosis
// is the most severe one the record shows since at least those days
// before (the confirming result, then this one), and a stage advances on a
// pair of results at least those days apart (stageAfter's pair, dated).

// diagnosedStage is the stage index coded at the diagnosis on day d from
// its reading in stage k: k when the condition has no sustained days or
// the record holds no results yet (a diagnosis before the window), else
// the most severe stage up to k whose run of results on the record began
// at least the sustained days before (0, the first stage, when none did:
// the diagnosis confirmed the first stage's).
func (w *worker) diagnosedStage(per *person, hc *heldCondition, k int, d models.Date) int {
	c := hc.plan
	if c.Sustained == nil || d < per.firstDay || k <= 0 {
		return max(k, 0)
	}
	spans := w.stageSpans[:0]
	for range c.stages {
		spans = append(spans, daySpan{})
	}
	w.stageSpans = spans
	w.belowSpans(per, c.stagedBy, d-1, spans, func(i int) float64 { return c.stages[i].Below })
	for i := k; i > 0; i-- {
		if sp := spans[i]; sp.first != models.NoDate && d-sp.first >= models.Date(c.Sustained.Days) {
			return i
		}
	}
	return 0
}

// soonAfter reports whether a stage advance on day d comes less than the
// condition's sustained days after the first reading of its pair (from).
func soonAfter(hc *heldCondition, from, d models.Date) bool {
	return hc.plan.Sustained != nil && d-from < models.Date(hc.plan.Sustained.Days)
}
