package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Maintenance doses (prescribing.yaml maintenance_dose): a long-term course
// for a condition moves down to its maintenance dose at the condition's
// first review a set time after it started, for a share of the people on it
// (a PPI for reflux at the lowest dose that controls the symptoms, NICE
// CG184). Before this a GP found omeprazole 20 mg or lansoprazole 30 mg
// reissued unchanged for a decade, with a medication review coded every
// year (twentieth review).

// maintenancePlan is a resolved datasets.MaintenanceDose.
type maintenancePlan struct {
	*datasets.MaintenanceDose
	cond int // catalogue index of the condition
	idx  int // the rule's place in the file: its own draw per person
}

func (p *Plan) resolveMaintenanceDose(rules *datasets.Prescribing) error {
	for i := range rules.MaintenanceDose {
		r := &rules.MaintenanceDose[i]
		ci, ok := p.condIndex[r.Condition]
		mp := p.medPlans[r.Medicine]
		if !ok || mp == nil {
			return fmt.Errorf("prescribing.yaml: maintenance_dose of %s: %q is not a catalogue condition", r.Medicine, r.Condition)
		}
		if reg := mp.regimen(18, r.Step); reg == nil || reg.Step != r.Step {
			return fmt.Errorf("prescribing.yaml: maintenance_dose of %s: regimens.csv has no adult step %d", r.Medicine, r.Step)
		}
		mp.maintenance = append(mp.maintenance, maintenancePlan{MaintenanceDose: r, cond: ci, idx: i})
	}
	return nil
}

// maintenanceDose moves the courses held condition ci owns down to their
// maintenance dose on day d, its review, where a rule calls for it.
func (w *worker) maintenanceDose(per *person, ci int, d models.Date) {
	cat := per.conds[ci].plan.idx
	for k := 0; k < len(per.courses); k++ {
		c := &per.courses[k]
		if c.cond != ci || !c.running(d) || c.forced {
			continue
		}
		for _, mp := range c.meds.maintenance {
			if mp.cond != cat || c.reg.Step >= mp.Step || d-c.start < models.Date(mp.AfterDays) || !w.takesMaintenance(per, mp) {
				continue
			}
			if reg := c.meds.regimen(per.ageOn(d), mp.Step); reg != nil && reg.Step == mp.Step {
				w.changeStep(per, k, reg, d)
			}
			break
		}
	}
}

// takesMaintenance reports whether the person is one of the rule's share
// (one draw per person and rule, so the answer holds at every review).
func (w *worker) takesMaintenance(per *person, mp maintenancePlan) bool {
	if mp.Share >= 1 {
		return true
	}
	s := per.stream(w.plan.Opts.Seed, purposeMaintenanceDose, uint64(mp.idx))
	return s.Bernoulli(mp.Share)
}
