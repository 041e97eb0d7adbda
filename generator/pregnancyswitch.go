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
// resolved: its lines (the medicine plans each replaces and the medicines
// it gives, the first that no rule rules out) and every medicine given.
type antihypertensiveSwitch struct {
	lines      []switchLine
	conditions []string
	meds       map[*medPlan]bool
}

// switchLine is a line of the switch: the stopped medicines it replaces
// and its medicines, in order of choice (brief h68d: nifedipine when asthma
// rules labetalol out; nifedipine in place of amlodipine).
type switchLine struct {
	replaced map[*medPlan]bool
	meds     []*medPlan
}

// buildSwitch resolves the switch against the medicine plans and the
// catalogue: each class or medicine must be never given in pregnancy (else
// nothing would stop it for the switch to follow).
func (p *Plan) buildSwitch(pp *pregnancyPlan) error {
	sw := pp.p.AntihypertensiveSwitch
	if sw == nil {
		return nil
	}
	as := &antihypertensiveSwitch{conditions: sw.Conditions, meds: map[*medPlan]bool{}}
	line := func(replaced map[*medPlan]bool, keys ...string) error {
		l := switchLine{replaced: replaced}
		for _, k := range keys {
			if k == "" {
				continue
			}
			m := p.medPlans[k]
			if m == nil {
				return fmt.Errorf("pregnancy.yaml antihypertensive_switch: %q has no prescribable medicine", k)
			}
			l.meds, as.meds[m] = append(l.meds, m), true
		}
		as.lines = append(as.lines, l)
		return nil
	}
	first := map[*medPlan]bool{}
	for _, cls := range sw.Classes {
		found := false
		for _, m := range p.medPlans {
			if m.inClass(cls) && m.stopInPregnancy {
				found, first[m] = true, true
			}
		}
		if !found {
			return fmt.Errorf("pregnancy.yaml antihypertensive_switch: class %q has no medicine stopped in pregnancy", cls)
		}
	}
	if err := line(first, sw.Medicine, sw.IfRuledOut); err != nil {
		return err
	}
	for _, a := range sw.Also {
		replaced := map[*medPlan]bool{}
		for _, k := range a.Stopped {
			m := p.medPlans[k]
			if m == nil || !m.stopInPregnancy {
				return fmt.Errorf("pregnancy.yaml antihypertensive_switch also: %q is no medicine stopped in pregnancy", k)
			}
			replaced[m] = true
		}
		if err := line(replaced, a.Medicine, a.IfRuledOut); err != nil {
			return err
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

// switchAntihypertensive issues, for each line of the switch, its medicine
// at the visit enc (on day d) that stopped, for the woman's i-th pregnancy,
// a repeat the line replaces given for one of its conditions: about that
// condition, to the day before the stopped medicine restarts (the postnatal
// check or, after a birth, the end of breastfeeding for one held then), open
// when the record ends first. The line's next medicine when a prescribing
// rule rules one out (asthma, an allergy); none when she takes the one
// chosen already (an earlier line gave it). No draw.
func (w *worker) switchAntihypertensive(per *person, i int, stopped []stoppedIssue, enc string, d models.Date) {
	as := w.plan.pregnancy.switchBP
	if as == nil || enc == "" {
		return
	}
	for k := range as.lines {
		w.switchLine(per, i, &as.lines[k], stopped, enc, d)
	}
}

// switchLine is switchAntihypertensive for one line.
func (w *worker) switchLine(per *person, i int, l *switchLine, stopped []stoppedIssue, enc string, d models.Date) {
	as := w.plan.pregnancy.switchBP
	pg := &per.pregnancies[i]
	condID, end := "", models.NoDate
	for _, st := range stopped {
		rx := &w.b.Prescriptions[st.rx]
		m := w.rxPlan(rx)
		c := w.conditionRow(per, rx.ConditionID)
		if m == nil || !l.replaced[m] || c == nil || !slices.Contains(as.conditions, c.ConditionKey) {
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
	if check < d {
		return
	}
	for _, m := range l.meds {
		reg := m.regimen(per.ageOn(d), 0)
		if reg == nil || allergic(per, m, d) || w.slowHeartBarsOn(per, m, d) ||
			!w.allowedCourse(per, m, d, check, w.latestEGFR(per, d)) {
			continue // ruled out (asthma, an allergy, a slow heart): the next choice
		}
		if w.medRunning(per, m, d, check) {
			return // she takes it already (an earlier line gave it)
		}
		w.issue(per, enc, condID, reg, d, w.untilRuledOut(per, m, d, end), models.PrescriptionRepeat)
		return
	}
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
// pregnancy pg: a medicine of the switch, issued the day the visit recorded it,
// or at a higher dose at an antenatal reading after (raiseAntenatalBP,
// pregnancybptitrate.go: the same switch titrated, brief fx65a).
func (w *worker) switchedForPregnancy(rx *models.Prescription, pg *pregnancy) bool {
	as := w.plan.pregnancy.switchBP
	return as != nil && rx.StartDate >= pg.recorded && rx.StartDate < pg.end && as.meds[w.rxPlan(rx)]
}
