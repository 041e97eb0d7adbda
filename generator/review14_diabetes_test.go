// Checks for the fourteenth review's type 2 diabetes care (docs/clinical-model.md,
// "Type 2 diabetes care and eye and foot checks (fourteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// metforminStep is the regimens.csv step a metformin issue prescribes, by
// its dose text (every step is the same 500 mg tablet), or -1.
func metforminStep(rx *models.Prescription) int {
	for _, g := range datasets.Regimens("metformin") {
		if g.DoseText == rx.DoseText && g.MaxAge >= 18 {
			return g.Step
		}
	}
	return -1
}

// TestMetforminIsRaisedWhileHbA1cIsHigh: metformin began at 500 mg once
// daily and stayed there for years while HbA1c sat at 50-57, since only a
// second reading above 58 stepped treatment up (150 of 895 people on it a
// year or more, generate -n 20000 -s 5). NICE NG28 1.6 asks for 48 on a
// single drug not associated with hypoglycaemia and the BNF raises the dose
// gradually to 2 g a day: someone started on 500 mg once daily with two
// readings above 53 on it is raised (want fewer than 1 in 50 left there).
func TestMetforminIsRaisedWhileHbA1cIsHigh(t *testing.T) {
	r := pathwayPopulation(t)
	hba1c := r.snomed("hba1c")
	n, held := 0, 0
	for id, list := range r.rxOf {
		var first, last models.Date
		start, top := -1, -1
		for _, rx := range list {
			st := metforminStep(rx)
			if medKey(rx) != "metformin" || st < 0 {
				continue
			}
			if start < 0 || rx.StartDate < first {
				first, start = rx.StartDate, st
			}
			last = max(last, rx.StartDate)
			top = max(top, st)
		}
		if start != 0 || last-first < 365 {
			continue
		}
		high := 0
		for _, o := range r.values(id, hba1c) {
			if d := o.EffectiveTime.Date(); d > first+titrateDays && d <= last && *o.Value > 53 {
				high++
			}
		}
		if high < 2 {
			continue
		}
		n++
		if top == 0 {
			held++
		}
	}
	enough(t, n, 40, "people started on metformin 500 mg once daily with two HbA1c readings above 53 on it")
	t.Logf("%d people started on metformin 500 mg daily with two HbA1c above 53 on it: %d never raised", n, held)
	if 50*held > n {
		t.Errorf("%d of %d people with two HbA1c readings above 53 on metformin 500 mg once daily were never raised, want fewer than 1 in 50 (NICE NG28 1.6: 48 on one drug)", held, n)
	}
}
