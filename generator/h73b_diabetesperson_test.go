// Checks for brief h73b: diabetes care that responds to the person. A GP
// review found children with type 1 diabetes with no urine ACR and no blood
// pressure.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestType1ChildHasYearlyChecks: NICE NG18 (as BMJ Best Practice
// summarises it) monitors a child or young person with type 1 diabetes for
// thyroid disease at diagnosis and yearly, and for albuminuria (urine ACR)
// and blood pressure yearly from 12. Before, 0 of 19 children with an HbA1c
// at 12-17 had an ACR or a blood pressure, and none a TSH under 18
// (generate -n 20000 -s 83). Each of the team's HbA1c readings a year and a
// quarter after the child's first at those ages has the checks within the
// 15 months before it.
func TestType1ChildHasYearlyChecks(t *testing.T) {
	r := review5Population(t)
	a1c, acr, sbp, tsh := r.snomed("hba1c"), r.snomed("urine_acr"), r.snomed("systolic_bp"), r.snomed("tsh")
	const within = 456 // 15 months: a yearly check, a review's timing allowed for
	checked, checkedTSH, missing := 0, 0, 0
	for id, pt := range r.patients {
		if r.has(id, "type1_diabetes") == nil {
			continue
		}
		var from12, fromAny models.Date // the first HbA1c at 12-17, and under 18
		for _, o := range r.byTime(r.values(id, a1c)) {
			d := o.EffectiveTime.Date()
			age := models.YearsBetween(pt.BirthDate, d)
			if age >= 18 {
				break
			}
			if fromAny == 0 {
				fromAny = d
			}
			if age >= 12 && from12 == 0 {
				from12 = d
			}
			if d-fromAny >= within {
				checkedTSH++
				if !r.sampledBetween(id, tsh, d-within, d) {
					missing++
					t.Logf("%s: HbA1c on %s at %d, no TSH in the 15 months before", id, d, age)
				}
			}
			if from12 != 0 && d-from12 >= within {
				checked++
				for _, code := range []string{acr, sbp} {
					if !r.sampledBetween(id, code, d-within, d) {
						missing++
						t.Logf("%s: HbA1c on %s at %d, no %s in the 15 months before", id, d, age, code)
					}
				}
			}
		}
	}
	enough(t, checked, 15, "team HbA1c readings at 12-17 a year after the first")
	t.Logf("%d HbA1c readings at 12-17 and %d under 18 checked; %d checks missing", checked, checkedTSH, missing)
	if missing > 0 {
		t.Errorf("%d yearly checks of children with type 1 diabetes missing (NICE NG18: TSH yearly, ACR and blood pressure yearly from 12)", missing)
	}
}
