package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
)

// A child with type 1 diabetes is reviewed by the paediatric team, whose
// clinic records an HbA1c each time and, once a year, the checks NICE NG18
// asks for: thyroid function from diagnosis, the urine albumin:creatinine
// ratio and blood pressure from 12 (brief h73b: 0 of 19 children of 12-17
// had an ACR or a blood pressure, generate -n 20000 -s 83). The lists are
// built once per age, so a review builds none.

// planPaediatricReviews sets cp's paediatric review slots for each age
// under the team's (its observations, then the yearly ones due from that
// age) and the yearly slots.
func (p *Plan) planPaediatricReviews(cp *condPlan, pc *datasets.PaediatricCare) {
	if len(pc.Observations) == 0 && len(pc.Yearly) == 0 {
		return
	}
	cp.paedReviews = make([][]int, pc.Under)
	for age := range cp.paedReviews {
		var slots []int
		for _, o := range pc.Observations {
			slots = append(slots, p.obsIndex[o])
		}
		for _, y := range pc.Yearly {
			for _, o := range y.Observations {
				if age >= y.FromAge && !slices.Contains(slots, p.obsIndex[o]) {
					slots = append(slots, p.obsIndex[o])
				}
			}
		}
		cp.paedReviews[age] = slots
	}
	for _, y := range pc.Yearly {
		for _, o := range y.Observations {
			cp.paedYearly = append(cp.paedYearly, p.obsIndex[o])
		}
	}
}

// paediatricYearly reports whether slot is one of the paediatric team's
// yearly checks of a child of the age: read at the team's ages though the
// reading is an adult's otherwise (adult_only; blood pressure and ACR from
// 12, as the antenatal checks read an adolescent's blood pressure).
func (c *condPlan) paediatricYearly(slot, age int) bool {
	pc := c.Reviews.Paediatric
	return pc != nil && age < pc.Under && slices.Contains(c.paedYearly, slot)
}

// yearlySlot reports whether a review at the age records the slot once a
// year only: the reviews' yearly list, or the paediatric team's for a child.
func (c *condPlan) yearlySlot(slot, age int) bool {
	return c.paediatricYearly(slot, age) || slices.Contains(c.yearly, slot)
}
