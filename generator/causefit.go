package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The cause of death a condition offers fits the record (sixteenth review):
// a GP found deaths certified as stroke years after the only stroke, as CKD
// at stage 3, and old strokes and angina without heart failure on the
// palliative care register.

// offeredCause is the cause of death a held condition offers a person who
// dies on day death, as the record supports it (nil: none). A cause tied to
// an acute event (a stroke) is certified only within its window of the
// diagnosis, and its late effects after it (cause_of_death within_days,
// late); a cause that needs an advanced stage (CKD stage 4) only once the
// disease is past it (from_stage); and a trajectory that needs a
// complication (coronary heart disease's organ failure needs heart failure)
// holds only with it (trajectory_with), the death being sudden otherwise.
func (w *worker) offeredCause(per *person, hc *heldCondition, death models.Date) *datasets.DeathCause {
	cd := deathCause(hc, death)
	if cd == nil {
		return nil
	}
	if cd.WithinDays > 0 && death-hc.onset > models.Date(cd.WithinDays) {
		if cd = cd.Late; cd == nil {
			return nil
		}
	}
	if g := cd.FromStage; g != nil && !w.reachedStage(per, hc, g, death) {
		return nil
	}
	if len(cd.TrajectoryWith) > 0 && !holdsBefore(per, cd.TrajectoryWith, death) {
		sudden := *cd
		sudden.Trajectory = ""
		return &sudden
	}
	return cd
}

// reachedStage reports whether hc's staging reading's usual level is past
// the threshold of stage g.Stage from g.HeldDays before the death: long
// enough before it that the readings which code the stage (two in a row,
// restage) are on the record.
func (w *worker) reachedStage(per *person, hc *heldCondition, g *datasets.StageGate, death models.Date) bool {
	day := death - models.Date(g.HeldDays)
	if g.Stage >= len(hc.plan.stages) || day < hc.onset {
		return false
	}
	return w.usualLevel(per, hc.plan.stagedBy, day) < hc.plan.stages[g.Stage].Below // (usualLevel reads a frozen level itself: levelDay)
}

// holdsBefore reports whether the person holds one of the conditions keys,
// diagnosed before day death.
func holdsBefore(per *person, keys []string, death models.Date) bool {
	for k := range per.conds {
		if hc := &per.conds[k]; hc.onset < death && slices.Contains(keys, hc.plan.Key) {
			return true
		}
	}
	return false
}

// careMayBegin is the first day end-of-life care may begin for a death from
// hc on cause cd: the day its diagnosis allows (diagnosedBy), and for a
// trajectory that needs a complication, no earlier than the complication's
// diagnosis (the register entry of coronary heart disease follows its heart
// failure), and after it.
func careMayBegin(per *person, hc *heldCondition, cd *datasets.DeathCause, death models.Date) models.Date {
	from := diagnosedBy(hc, death)
	if len(cd.TrajectoryWith) == 0 {
		return from
	}
	first := death
	for k := range per.conds {
		if c := &per.conds[k]; c.onset < first && slices.Contains(cd.TrajectoryWith, c.plan.Key) {
			first = c.onset
		}
	}
	return max(from, first+1) // after it: a condition diagnosed once the decline has begun is not coded (declining.go)
}

// causeWeights is each held condition's weight as the underlying cause of a
// death on day death, its severity read on day read (causeWeight). A cause
// that yields to another held condition (cause_of_death yields_to) gives its
// weight to that condition's cause (seventeenth review: heart failure was
// certified, not the ischaemic heart disease behind it, 4 times in 10; the
// late effects of an old stroke won over an active heart failure).
func (w *worker) causeWeights(per *person, death, read models.Date) []float64 {
	weights := make([]float64, len(per.conds))
	for k := range per.conds {
		hc := &per.conds[k]
		if cd := w.offeredCause(per, hc, death); cd != nil {
			weights[w.causeHolder(per, k, cd, death)] += w.causeWeight(per, hc, cd, read)
		}
	}
	return weights
}

// causeHolder is the index of the held condition certified for a death from
// condition k's cause cd: k itself, or the condition it yields to (that one
// in turn yielding on), which must be held before the death and offer a
// cause of its own.
func (w *worker) causeHolder(per *person, k int, cd *datasets.DeathCause, death models.Date) int {
	for range per.conds { // each step moves on; a chain is at most as long as the conditions held
		next, nextCause := -1, (*datasets.DeathCause)(nil)
		for j := range per.conds {
			if hc := &per.conds[j]; j != k && hc.onset < death && slices.Contains(cd.YieldsTo, hc.plan.Key) {
				if c := w.offeredCause(per, hc, death); c != nil {
					next, nextCause = j, c
					break
				}
			}
		}
		if next < 0 {
			return k
		}
		k, cd = next, nextCause
	}
	return k
}
