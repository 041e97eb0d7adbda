package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Monitoring (prescribing.yaml monitoring): a medicine that needs a blood
// test while it runs (INR for warfarin) has it at the review that issues
// it, and at monitoring visits every every_days until the next review. The
// visits draw from a stream of their own (per patient and review day), so
// no other draw moves.

// monitorPlan is a resolved datasets.Monitoring.
type monitorPlan struct {
	slot  int
	every models.Date
}

func (p *Plan) resolveMonitoring() error {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	for _, m := range rules.Monitoring {
		mp, ok := p.medPlans[m.Medicine]
		slot, known := p.obsIndex[m.Observation]
		if !known || p.obsModels[slot] == nil {
			return fmt.Errorf("prescribing.yaml: monitoring of %s: %q is not a numeric observation of the catalogue", m.Medicine, m.Observation)
		}
		if ok {
			mp.monitor = &monitorPlan{slot: slot, every: models.Date(m.EveryDays)}
		}
	}
	return nil
}

// monitorUntil records the tests of the condition's running medicines at
// the review (encID at t) and at visits every interval (give or take a
// week) before the next review on day next.
func (w *worker) monitorUntil(per *person, ci int, encID string, t models.Timestamp, next models.Date) {
	for k := range per.courses {
		cr := &per.courses[k]
		mp := cr.meds.monitor
		if mp == nil || cr.cond != ci || !cr.running(t.Date()) {
			continue
		}
		s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeMonitoring, uint64(t.Date()))
		w.observe(per, encID, t.AddMinutes(2), mp.slot, &s)
		hc := &per.conds[ci]
		for d := t.Date() + mp.every + models.Date(s.IntN(15)-7); d < next-14 && d <= per.lastDay && cr.running(d); d += mp.every + models.Date(s.IntN(15)-7) {
			if per.inEndOfLifeCare(d) {
				break
			}
			id, start, ok := w.gpVisit(per, d, encGPConsultation, hc.id, &s) // a check-up about the condition, not its review
			if !ok {
				break
			}
			w.observe(per, id, start.AddMinutes(5), mp.slot, &s)
			d = start.Date()
		}
	}
}
