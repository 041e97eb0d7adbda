package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// stepDown relaxes treatment to a target in the very old (care_target
// step_down): at a review on day d from its age, reading v below its level
// on two lines or more, the latest line's drugs stop and the line before is
// the one reached, at least the target's change interval after the last
// change. A scenario's forced line stays. The sixteenth review found people
// of 85 and over on three or four diabetes drugs with an HbA1c below 53
// never stepped down (NICE NG28 1.6: relax the target in frailty).
func (w *worker) stepDown(per *person, ci int, d models.Date, v float64) bool {
	hc := &per.conds[ci]
	t := hc.plan.CareTarget
	sd := t.StepDown
	if sd == nil || hc.line < 1 || hc.line <= hc.forced || v >= sd.Below || d-hc.lastChange < models.Date(t.ChangeAfter()) {
		return false
	}
	// (a reading below low_below from its age steps down whatever the
	// frailty: a systolic under 110 at 80 on two drugs is too low, h70g)
	if !w.stepDownHolds(per, sd, d) && (v >= sd.LowBelow || per.ageOn(d) < sd.FromAge) {
		return false
	}
	for k := range per.courses {
		if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && !cr.forced && cr.running(d) && treatsAnother(per, ci, cr.meds, d) {
			return false
		}
	}
	stopped := false
	for k := range per.courses {
		if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && !cr.forced && cr.running(d) {
			w.stopCourse(per, k, max(d, cr.start+1))
			stopped = true
		}
	}
	hc.line--
	hc.exhausted = false
	if stopped {
		hc.lastChange = d
		w.steppedDown = true
	}
	return stopped
}

// treatsAnother reports whether medicine m is one a titrated line of another
// condition held on day d takes (titratesHere): ramipril begun for
// hypertension is the ACE inhibitor that coronary heart disease steps up
// (NICE NG185), so a step down of the blood pressure treatment in the very
// old leaves it, and the step down waits. Before (h63b), with the heart
// failure lines held by the ejection fraction (h62f), a man of 99 had
// ramipril raised to 10 mg at his CHD review and stopped by the
// hypertension step down at the same appointment: a one-day issue, coded
// as discontinued beside a raise (TestSteppedDownRepeatIsCoded, 41 of 42).
func treatsAnother(per *person, ci int, m *medPlan, d models.Date) bool {
	for j := range per.conds {
		if o := &per.conds[j]; j != ci && o.onset <= d && !o.over(d) && titratesHere(o, m) {
			return true
		}
	}
	return false
}

// codeStepDown codes, at the review (encounter encID at t) whose step down
// or dual stop ended a drug, the drug therapy discontinued: a repeat that
// ends at a review with nothing in its place reads as a lapse without it.
// Before (h60f), bendroflumethiazide issued to the day before the
// hypertension review of a man of 85 (bd79a095, generate -n 6000 -s 11)
// was stopped there by the step down and never issued again, with nothing
// coded: 62 such stops at generate -n 20000 -s 83, none coded (62 coded now).
// It is coded once an encounter, like a reason (codeReasonAt): at a joint
// review of hypertension and type 2 diabetes at 85 (TestStateConstraints,
// encounter ...244) both conditions stepped down a drug, and each coded the
// stop, the same code twice at one encounter.
func (w *worker) codeStepDown(per *person, encID string, t models.Timestamp) {
	if w.codedAt(per, encID, w.plan.drugStopped.Snomed) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), &w.plan.drugStopped))
}

// relaxedTarget is the care target's relaxed level for the person on day d
// (step_down above): from its age, or in end-of-life care when it says so;
// 0 when the usual target holds. NICE NG28 1.6 relaxes the HbA1c target in
// people who are older or frail; the seventeenth review found people of 85
// and over stepped up and titrated towards 48-58.
func (w *worker) relaxedTarget(per *person, t *datasets.Target, d models.Date) float64 {
	sd := t.StepDown
	if sd == nil || sd.Above == 0 {
		return 0
	}
	if w.stepDownHolds(per, sd, d) || sd.EndOfLife && per.inEndOfLifeCare(d) {
		if sev := w.plan.frailty.Category("severe"); sd.SevereAbove > sd.Above && sev >= 0 && w.frailtyCategory(per, d) >= sev {
			return sd.SevereAbove // severe frailty's own, higher target (h73b)
		}
		return sd.Above
	}
	return 0
}

// stepDownHolds reports whether the step down's age and frailty hold on day
// d: from its age in its frailty, or at any age in its frail_any_age (brief
// h70g: NICE NG28 1.6 relaxes the HbA1c target in frailty, not in age
// alone; Strain et al. 2021 set it by the frailty).
func (w *worker) stepDownHolds(per *person, sd *datasets.StepDown, d models.Date) bool {
	if per.ageOn(d) >= sd.FromAge && w.frailEnough(per, sd, d) {
		return true
	}
	return sd.FrailAnyAge != "" && w.frailtyCategory(per, d) >= w.plan.frailty.Category(sd.FrailAnyAge)
}

// frailEnough reports whether the step down's frailty holds on day d: the
// person's eFI category, as the practice would code it that day
// (frailtybar.go), is its category or a more severe one; true when it asks
// for none. OPTiMISE (Sheppard et al., JAMA 2020) took one antihypertensive
// away from people of 80 and over whose GP judged it appropriate; the
// record shows why here by the frailty coded.
func (w *worker) frailEnough(per *person, sd *datasets.StepDown, d models.Date) bool {
	if sd.Frailty == "" {
		return true
	}
	return w.frailtyCategory(per, d) >= w.plan.frailty.Category(sd.Frailty)
}

// stopDual stops, at a review reading v under the relaxed target, a drug
// of class dual.stop of condition ci running beside one of class
// dual.beside (a sulfonylurea beside insulin: the pair most likely to cause
// hypoglycaemia), at least the target's change interval after the last
// change. The line reached stays (the insulin is its drug); it reports
// whether a drug stopped.
func (w *worker) stopDual(per *person, ci int, d models.Date, v float64) bool {
	hc := &per.conds[ci]
	t := hc.plan.CareTarget
	if t.StepDown == nil || t.StepDown.Dual == nil {
		return false
	}
	dual := t.StepDown.Dual
	relaxed := w.relaxedTarget(per, t, d)
	if relaxed == 0 || v >= relaxed && !dual.AnyReading || d-hc.lastChange < models.Date(t.ChangeAfter()) ||
		classCourse(per, ci, dual.Beside, d, true) < 0 {
		return false
	}
	k := classCourse(per, ci, dual.Stop, d, false)
	if k < 0 {
		return false
	}
	w.stopCourse(per, k, max(d, per.courses[k].start+1))
	hc.lastChange = d
	w.steppedDown = true
	return true
}

// classCourse is the index of the first course of condition ci with a drug
// of the class running on day d (a scenario's forced one too when forced
// is true), or -1.
func classCourse(per *person, ci int, class string, d models.Date, forced bool) int {
	for k := range per.courses {
		if cr := &per.courses[k]; cr.cond == ci && (forced || !cr.forced) && cr.running(d) && cr.meds.inClass(class) {
			return k
		}
	}
	return -1
}

// checkStepDownFrailty: a step down's frailty names an eFI category
// (frailty.yaml), once both files are loaded.
func (p *Plan) checkStepDownFrailty() error {
	for i := range p.conds {
		c := &p.conds[i]
		t := c.CareTarget
		if t == nil || t.StepDown == nil {
			continue
		}
		for _, f := range []string{t.StepDown.Frailty, t.StepDown.FrailAnyAge} {
			if f != "" && p.frailty.Category(f) < 0 {
				return fmt.Errorf("catalogue.yaml %s: care_target step_down frailty %q is not a frailty.yaml eFI category", c.Key, f)
			}
		}
	}
	return nil
}
