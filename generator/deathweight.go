package generator

import "github.com/code4health/cohortgen/datasets"

// causeWeight is the weight of the cause of death a held condition offers:
// its catalogue weight, scaled by the condition's severity at death when the
// catalogue says how (COPD by FEV1 against predicted: a death from COPD is
// a death from severe COPD).
func (w *worker) causeWeight(per *person, hc *heldCondition, cd *datasets.DeathCause) float64 {
	cs := cd.Severity
	if cs == nil {
		return cd.Weight
	}
	slot := w.plan.obsIndex[cs.Observation]
	predicted := w.predictedLevel(per, slot, per.death)
	if predicted <= 0 {
		return cd.Weight
	}
	return cd.Weight * cs.Factor(w.usualLevel(per, slot, per.death)/predicted)
}
