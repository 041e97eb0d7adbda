package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Chronic hypertension in pregnancy (brief h56e, issue 9). Before, the
// visit that confirmed a pregnancy stopped an ACE inhibitor or ARB with
// nothing in its place, and a thiazide ran on. NICE NG133: those are
// stopped and labetalol offered instead. pregnancy.yaml
// antihypertensive_switch.

// antihypertensiveSwitch is pregnancy.yaml antihypertensive_switch
// resolved: the medicine plans it replaces and the one it gives.
type antihypertensiveSwitch struct {
	replaced   map[*medPlan]bool
	conditions []string
	med        *medPlan
}

// buildSwitch resolves the switch against the medicine plans and the
// catalogue: each class must name a medicine never given in pregnancy
// (else nothing would stop it for the switch to follow).
func (p *Plan) buildSwitch(pp *pregnancyPlan) error {
	sw := pp.p.AntihypertensiveSwitch
	if sw == nil {
		return nil
	}
	as := &antihypertensiveSwitch{replaced: map[*medPlan]bool{}, conditions: sw.Conditions, med: p.medPlans[sw.Medicine]}
	if as.med == nil {
		return fmt.Errorf("pregnancy.yaml antihypertensive_switch: %q has no prescribable medicine", sw.Medicine)
	}
	for _, cls := range sw.Classes {
		found := false
		for _, m := range p.medPlans {
			if m.inClass(cls) && m.stopInPregnancy {
				found, as.replaced[m] = true, true
			}
		}
		if !found {
			return fmt.Errorf("pregnancy.yaml antihypertensive_switch: class %q has no medicine stopped in pregnancy", cls)
		}
	}
	for _, c := range sw.Conditions {
		if _, ok := p.condIndex[c]; !ok {
			return fmt.Errorf("pregnancy.yaml antihypertensive_switch: condition %q is not in the catalogue", c)
		}
	}
	pp.switchBP = as
	return nil
}

// switchAntihypertensive issues the switch's medicine at the visit enc (on
// day d) that stopped, for the woman's i-th pregnancy, a repeat it replaces
// given for one of its conditions: about that condition, to the day before
// the stopped medicine restarts (the postnatal check or, after a birth, the
// end of breastfeeding for one held then), open when the record ends first.
// None when a prescribing rule rules it out (asthma, an allergy) or she
// takes it already. No draw.
func (w *worker) switchAntihypertensive(per *person, i int, stopped []stoppedIssue, enc string, d models.Date) {
	as := w.plan.pregnancy.switchBP
	if as == nil || enc == "" {
		return
	}
	pg := &per.pregnancies[i]
	condID, end := "", models.NoDate
	for _, st := range stopped {
		rx := &w.b.Prescriptions[st.rx]
		m := w.rxPlan(rx)
		c := w.conditionRow(per, rx.ConditionID)
		if m == nil || !as.replaced[m] || c == nil || !slices.Contains(as.conditions, c.ConditionKey) {
			continue
		}
		until := pg.resume - 1
		if rs := w.plan.pregnancy.restart; rs != nil && rs.held[m] && !pg.loss {
			until = pg.end + rs.breastfeeding - 1
		}
		if condID == "" || until > end {
			end = until
		}
		if condID == "" {
			condID = rx.ConditionID
		}
	}
	if condID == "" {
		return
	}
	if end >= per.lastDay || pg.end > per.lastDay {
		end = models.NoDate // still on it when the record ends: the repeat runs on
	}
	check := end
	if check == models.NoDate {
		check = per.lastDay
	}
	reg := as.med.regimen(per.ageOn(d), 0)
	if reg == nil || check < d || allergic(per, as.med, d) || w.medRunning(per, as.med, d, check) ||
		!w.allowedCourse(per, as.med, d, check, w.latestEGFR(per, d)) {
		return
	}
	w.issue(per, enc, condID, reg, d, w.untilRuledOut(per, as.med, d, end), models.PrescriptionRepeat)
}

// untilRuledOut is the end of a course of m from d to end (NoDate: open),
// cut to the day before a condition that rules m out is diagnosed inside it
// (asthma for labetalol): the issue checks allow it on its first day only.
// Before, a merged population of 100,000 had 2 labetalol repeats running
// into an asthma diagnosed months after the pregnancy's switch.
func (w *worker) untilRuledOut(per *person, m *medPlan, d, end models.Date) models.Date {
	for _, ci := range m.contraCnd {
		if k := heldIndex(per, ci); k >= 0 && per.conds[k].onset > d && (end == models.NoDate || per.conds[k].onset <= end) {
			end = per.conds[k].onset - 1
		}
	}
	return end
}

// switchedForPregnancy reports whether issue rx is the switch written for
// pregnancy pg: the switch's medicine, issued the day the visit recorded it,
// or at a higher dose at an antenatal reading after (raiseAntenatalBP,
// pregnancybptitrate.go: the same switch titrated, brief fx65a).
func (w *worker) switchedForPregnancy(rx *models.Prescription, pg *pregnancy) bool {
	as := w.plan.pregnancy.switchBP
	return as != nil && rx.StartDate >= pg.recorded && rx.StartDate < pg.end && w.rxPlan(rx) == as.med
}
