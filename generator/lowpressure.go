package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// No dose raised at a low blood pressure (prescribing.yaml
// low_pressure_raise; brief h70g). A GP found ramipril raised 5 -> 10 mg at
// a systolic of 96 in a man of 88 (80e821c8, generate -n 20000 -s 83), and
// 23 ACE inhibitor, ARB or beta-blocker raises at a systolic under 100: the
// heart failure and coronary heart disease titrations raise the dose
// whatever the pressure. The latest systolic on the record by the day (the
// review's own included) under the rule's limit for the age holds the
// raise, as a slow pulse holds a beta-blocker's (slowheart.go). Nothing is
// drawn.

// lowPressurePlan is the rule with its observation slot.
type lowPressurePlan struct {
	*datasets.LowPressureRaise
	slot int
}

func (p *Plan) resolveLowPressure(rules *datasets.Prescribing) error {
	r := rules.LowPressureRaise
	if r == nil {
		return nil
	}
	slot, ok := p.obsIndex[r.Observation]
	if !ok || p.obsModels[slot] == nil {
		return fmt.Errorf("prescribing.yaml: low_pressure_raise: %q is not a numeric observation of the catalogue", r.Observation)
	}
	p.lowPressure = &lowPressurePlan{LowPressureRaise: r, slot: slot}
	return nil
}

// lowPressureBarsRaise reports whether the latest systolic on the record by
// day d keeps medicine m's dose from being raised.
func (w *worker) lowPressureBarsRaise(per *person, m *medPlan, d models.Date) bool {
	lp := w.plan.lowPressure
	if lp == nil || !slices.ContainsFunc(lp.Classes, m.inClass) {
		return false
	}
	_, v, ok := w.latestReading(per, lp.slot, d+1)
	return ok && v < lp.LimitAt(per.ageOn(d))
}
