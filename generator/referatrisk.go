package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Chest pain at 40 and over in a person with a cardiovascular risk factor
// is suspected angina, and the GP refers it to the rapid access chest pain
// clinic (catalogue refer_at_risk; NICE CG95; h57b, issue 9). Before, the
// GP referred 30% of chest pain whatever the person's risks: 838 of 2,796
// first GP contacts at 40 and over (generate -n 20000 -s 83).

// atRiskOf reports whether the person meets r on day d: old enough, with
// one of its conditions by then or smoking when it counts smokers.
func atRiskOf(per *person, r *datasets.ReferAtRisk, d models.Date) bool {
	if r == nil || per.ageOn(d) < r.MinAge {
		return false
	}
	if r.Smokers && per.smoking.statusOn(d) == currentSmoker {
		return true
	}
	return holdsAny(per, r.Conditions, d)
}
