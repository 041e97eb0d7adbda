package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// resolveRescuePack resolves condition cp's rescue pack courses
// (care_target exacerbations rescue_pack).
func (p *Plan) resolveRescuePack(cp *condPlan) error {
	t := cp.CareTarget
	if t == nil || t.Exacerbations == nil || t.Exacerbations.RescuePack == nil {
		return nil
	}
	rp := t.Exacerbations.RescuePack
	for _, c := range rp.Courses {
		if p.medPlans[c.Drug] == nil {
			return fmt.Errorf("condition %s: rescue_pack medicine %q has no prescribable product", cp.Key, c.Drug)
		}
		if rp.Ladder != "" && len(datasets.LadderRegimens(c.Drug, rp.Ladder)) == 0 {
			return fmt.Errorf("condition %s: rescue_pack medicine %q has no regimens.csv rows on ladder %q", cp.Key, c.Drug, rp.Ladder)
		}
		// the pack's own dose text (kept at home, started at a flare) through
		// a plan on its ladder (ladders.go), as the syringe driver's
		cp.rescuePack = append(cp.rescuePack, p.shortCourse(c, p.optionPlan(datasets.DrugOption{Drug: c.Drug, Ladder: rp.Ladder})))
	}
	return nil
}

// rescuePack issues the stand-by courses of a COPD rescue pack at the
// review on day d of held condition ci (NICE NG115: offer people at risk of
// exacerbations a short course of oral corticosteroid and of oral
// antibiotic to keep at home, with a self-management plan; h71d: none was
// issued, and 336 people had 2 or more exacerbations in a year, generate
// -n 20000 -s 83): to a person with an exacerbation in the rule's
// within_days and no pack in its every_days, by its share. A course of
// either medicine still running (the exacerbation's own) puts it off to a
// later review. Its own stream (keyed by the day) moves no other draw. No
// SNOMED CT code for the pack could be verified: the issues, for the COPD,
// are the record of it.
func (w *worker) rescuePack(per *person, ci int, encID string, d models.Date) {
	hc := &per.conds[ci]
	c := hc.plan
	if len(c.rescuePack) == 0 || per.inEndOfLifeCare(d) {
		return
	}
	rp := c.CareTarget.Exacerbations.RescuePack
	f := lastFlareBefore(per, c.idx, d) // classcheck.go
	if f == models.NoDate || d-f > models.Date(rp.WithinDays) {
		return
	}
	if per.rescuePackOn != 0 && d-per.rescuePackOn < models.Date(rp.EveryDays) {
		return
	}
	for k := range c.rescuePack {
		if sc := &c.rescuePack[k]; w.medRunning(per, sc.meds, d, d+models.Date(sc.Days)-1) {
			return
		}
	}
	s := per.stream(w.plan.Opts.Seed, purposeRescuePack, uint64(d))
	if !s.Bernoulli(rp.Share) {
		return
	}
	n := len(w.b.Prescriptions)
	for k := range c.rescuePack {
		w.shortCourse(per, &c.rescuePack[k], encID, hc.id, d, models.NoDate, &s)
	}
	if len(w.b.Prescriptions) > n {
		per.rescuePackOn = d
		per.rescuePacks = append(per.rescuePacks, rescuePackIssue{cond: c.idx, day: d, ids: packIDs(w.b.Prescriptions[n:])})
	}
}
