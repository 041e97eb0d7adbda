package generator

import "github.com/code4health/cohortgen/models"

// Labetalol in pregnancy titrated to the target (brief fx65a). Before, it
// stayed at its starting 100 mg twice a day whatever the readings: 11 of 11
// issues at generate -n 3000 -s 41, while 33 of 59 antenatal diastolic
// readings after it started were 90 or more. NICE NG133 aims for 135/85,
// and the labetalol SmPC raises the dose in pregnancy at weekly intervals
// by 100 mg twice daily. pregnancy.yaml raised_bp treatment raise_every_days;
// the steps are its regimens.csv ladder.

// raiseAntenatalBP raises the treatment's medicine one regimen step at the
// antenatal reading taken at time at (encounter enc) when the reading is
// above the target and the medicine runs that day at a dose unchanged for
// raise_every_days: the running issue ends the day before, and the higher
// dose runs from today to the same end. Not when an issue of it starts
// later (a check written earlier already moved the dose), nor at the top
// step, nor at a slow pulse (slowheart.go). No draw: a reading above the target is acted on.
func (w *worker) raiseAntenatalBP(per *person, enc string, at models.Timestamp) {
	pp := w.plan.pregnancy
	if pp == nil || pp.raisedBP == nil || pp.raisedBP.med == nil || pp.raisedBP.r.Treatment == nil {
		return
	}
	t, m := pp.raisedBP.r.Treatment, pp.raisedBP.med
	d := at.Date()
	if t.RaiseEveryDays <= 0 || !w.pressureAboveTarget(per, at) || w.slowHeartBarsRaise(per, m, d) {
		return // (a beta-blocker is not raised at a slow pulse: prescribing.yaml slow_heart)
	}
	cur := -1
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() || !m.issues(rx.DMDCode) {
			continue
		}
		if rx.StartDate > d-models.Date(t.RaiseEveryDays) {
			return // changed (or started) days ago, or moved later already
		}
		if rx.EndDate == models.NoDate || rx.EndDate >= d {
			cur = k
		}
	}
	if cur < 0 {
		return
	}
	old := w.b.Prescriptions[cur]
	step := -1
	for i := range m.regimens {
		if r := &m.regimens[i]; r.DMDCode == old.DMDCode && r.DoseText == old.DoseText {
			step = r.Step
		}
	}
	next := m.regimen(per.ageOn(d), step+1)
	if step < 0 || next == nil || next.Step <= step {
		return // the top step (or a dose the ladder does not hold)
	}
	w.b.Prescriptions[cur].EndDate = d - 1
	w.issue(per, enc, old.ConditionID, next, d, old.EndDate, models.PrescriptionRepeat)
}

// pressureAboveTarget reports whether the blood pressure recorded at time
// at is above the treatment's target, systolic or diastolic.
func (w *worker) pressureAboveTarget(per *person, at models.Timestamp) bool {
	t := w.plan.pregnancy.raisedBP.r.Treatment
	sl := &w.plan.slots
	return per.hasLast[sl.systolic] && per.lastAt[sl.systolic] == at && per.lastVal[sl.systolic] > t.TargetSystolic ||
		per.hasLast[sl.diastolic] && per.lastAt[sl.diastolic] == at && per.lastVal[sl.diastolic] > t.TargetDiastolic
}
