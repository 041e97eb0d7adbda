package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A treatment option chosen by a latest result (catalogue result_at_most):
// the fourth drug for hypertension is spironolactone at a potassium of 4.5
// or less and an alpha-blocker otherwise (NICE NG136 step 4; h55g). Before,
// doxazosin was the only fourth drug: of 47 living people on four agents or
// more with the mean of their last three systolics 150 or more, 1 had
// spironolactone (generate -n 20000 -s 83).

// resultSlot is the observation slot of an option's result_at_most, -1
// when it has none (the catalogue check knows the observation).
func (p *Plan) resultSlot(r *datasets.ResultAtMost) int {
	if r == nil {
		return -1
	}
	if k, ok := p.obsIndex[r.Observation]; ok {
		return k
	}
	return -1
}

// resultAllows reports whether option i of the line may be chosen on day
// d by its result_at_most: the latest result before the day (the blood
// taken at the visit is resulted after the decision) is at most the bar.
// No result on the record is no licence: the line's if_ruled_out is given.
func (w *worker) resultAllows(per *person, line *linePlan, i int, d models.Date) bool {
	if i >= len(line.results) || line.results[i] < 0 {
		return true
	}
	_, v, ok := w.latestReading(per, line.results[i], d)
	return ok && v <= line.Options[i].ResultAtMost.AtMost
}
