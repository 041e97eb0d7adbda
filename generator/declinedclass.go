package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A step up declined by a person already on treatment is not a refusal of
// treatment: "Hypertension treatment refused" was coded beside the
// antihypertensives the person took (1,683 of 1,901 codes beside a running
// antihypertensive, generate -n 20000 -s 83; brief h69b). What the person
// declines is the next drug, so the review codes the refusal of its class
// (prescribing.yaml declined_classes: "Calcium channel blocker declined"
// for a person on ramipril), or the target's general reason where no class
// refusal names it (care_target declined_by_class). Nothing is drawn: the
// next drug is the next line's likeliest option that suits the person and
// is not already covered. A class refusal naming a class the person takes
// that day cannot stand (refusalStands: "Diuretic declined" for
// spironolactone, the step after bendroflumethiazide: refusalbeside.go
// withdrew it, leaving the step unexplained); the target's general reason
// is.

// declinedStepReason is the reason coded for a step up that person per,
// on a line of condition ci, declined on day d.
func (w *worker) declinedStepReason(per *person, ci int, d models.Date) *datasets.UntreatedReason {
	hc := &per.conds[ci]
	c := hc.plan
	m := w.nextStepMed(per, ci, d)
	if m == nil {
		return c.CareTarget.DeclinedByClass
	}
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return c.CareTarget.DeclinedByClass
	}
	for _, dc := range rules.DeclinedClasses {
		if dc.Snomed != c.CareTarget.DeclinedCode && slices.ContainsFunc(dc.Classes, m.inClass) && w.refusalStands(per, dc.Classes, d) {
			return &datasets.UntreatedReason{Snomed: dc.Snomed, Description: dc.Description}
		}
	}
	return c.CareTarget.DeclinedByClass
}

// nextStepMed is the drug a step up from the person's line would add: the
// likeliest option (by weight) of the first later line with one that suits
// the person and is not covered by a running course; nil when none.
func (w *worker) nextStepMed(per *person, ci int, d models.Date) *medPlan {
	hc := &per.conds[ci]
	age := per.ageOn(d)
	for li := hc.line + 1; li < len(hc.plan.lines); li++ {
		line := &hc.plan.lines[li]
		var best *medPlan
		bestWeight := 0.0
		for i, o := range line.Options {
			m := line.meds[i]
			if m == nil || !o.Suits(age, per.group) || !line.suitsConditions(per, i, d) || w.covered(per, m, d) >= 0 {
				continue
			}
			if wt := weightOf(o.Weight); best == nil || wt > bestWeight {
				best, bestWeight = m, wt
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}
