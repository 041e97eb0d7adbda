package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// causeWeight is the weight of the cause of death a held condition offers:
// its catalogue weight, scaled by the condition's severity at death when the
// catalogue says how (COPD by FEV1 against predicted: a death from COPD is
// a death from severe COPD), and raised for a diagnosis shortly before the
// death (catalogue cause_of_death recent), for a death on day death.
func (w *worker) causeWeight(per *person, hc *heldCondition, cd *datasets.DeathCause, death models.Date) float64 {
	weight := cd.Weight
	if r := cd.Recent; r != nil && death-hc.onset < models.Date(r.Days) {
		weight *= r.Factor // diagnosed months before: most likely what the person dies of
	}
	cs := cd.Severity
	if cs == nil {
		return weight
	}
	slot := w.plan.obsIndex[cs.Observation]
	predicted := w.predictedLevel(per, slot, death)
	if predicted <= 0 {
		return weight
	}
	return weight * cs.Factor(w.usualLevel(per, slot, death)/predicted)
}
