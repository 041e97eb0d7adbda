package generator

import "github.com/code4health/cohortgen/models"

// Antenatal antihypertensive reduced at a low reading (brief h70d). Before,
// 13 of the women treated in pregnancy had a systolic below 100 and the
// dose stayed (the GP review of generate -n 20000 -s 83): treatment only
// ever went up. pregnancy.yaml raised_bp treatment reduce: a reading below
// both its figures lowers the medicine one regimen step, and stops it at
// its first step; a reading above the target after a stop starts it again
// (raiseAntenatalBP's counterpart). No draw: a reading is acted on.

// reduceAntenatalBP lowers or stops the pregnancy's antihypertensive at the
// antenatal reading taken at time at (encounter enc) when it is below the
// reduce figures and the dose is unchanged for raise_every_days: the
// running issue ends the day before (today, when stopped), and the lower
// dose runs from today to the same end.
func (w *worker) reduceAntenatalBP(per *person, enc string, at models.Timestamp) {
	pp := w.plan.pregnancy
	if pp == nil || pp.raisedBP == nil || pp.raisedBP.r.Treatment == nil || pp.raisedBP.r.Treatment.Reduce == nil {
		return
	}
	t := pp.raisedBP.r.Treatment
	d := at.Date()
	if !w.bpBelow(per, at, t.Reduce.BelowSystolic, t.Reduce.BelowDiastolic) {
		return
	}
	m, cur := w.antenatalBPRunning(per, d)
	if cur < 0 || w.b.Prescriptions[cur].StartDate > d-models.Date(t.RaiseEveryDays) {
		return // none runs, or the dose changed days ago
	}
	old := w.b.Prescriptions[cur]
	step := -1
	for i := range m.regimens {
		if r := &m.regimens[i]; r.DMDCode == old.DMDCode && r.DoseText == old.DoseText {
			step = r.Step
		}
	}
	if step <= 0 {
		w.b.Prescriptions[cur].EndDate = d // the first step (or a dose off the ladder): stopped
		return
	}
	lower := m.regimen(per.ageOn(d), step-1)
	if lower == nil || lower.Step >= step {
		return
	}
	w.b.Prescriptions[cur].EndDate = d - 1
	w.issue(per, enc, old.ConditionID, lower, d, old.EndDate, models.PrescriptionRepeat)
}

// restartAntenatalBP starts the pregnancy's antihypertensive again at a
// reading above the target (time at, encounter enc) when none runs and one
// was stopped earlier in this pregnancy before the birth (reduceAntenatalBP),
// to after_birth_days after the birth as at first (issueGestationalBP: the
// first medicine no prescribing rule rules out).
func (w *worker) restartAntenatalBP(per *person, enc string, at models.Timestamp) {
	pp := w.plan.pregnancy
	if pp == nil || pp.raisedBP == nil || pp.raisedBP.r.Treatment == nil || pp.raisedBP.r.Treatment.Reduce == nil {
		return
	}
	d := at.Date()
	if !w.pressureAboveTarget(per, at) {
		return
	}
	if _, cur := w.antenatalBPRunning(per, d); cur >= 0 {
		return
	}
	for i := range per.pregnancies {
		pg := &per.pregnancies[i]
		if pg.lmp > d || pg.end <= d {
			continue
		}
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || rx.EndDate == models.NoDate || rx.EndDate < pg.lmp || rx.EndDate >= d || !w.antenatalBPMedicine(rx.DMDCode) {
				continue
			}
			end := min(pg.end+models.Date(pp.raisedBP.r.Treatment.AfterBirthDays), per.lastDay)
			w.issueGestationalBP(per, enc, rx.ConditionID, d, end)
			return
		}
	}
}

// antenatalBPRunning returns the pregnancy treatment's medicine running on
// day d and its latest issue's index (-1: none runs).
func (w *worker) antenatalBPRunning(per *person, d models.Date) (*medPlan, int) {
	for _, m := range w.plan.pregnancy.raisedBP.meds {
		cur := -1
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || !m.issues(rx.DMDCode) || rx.StartDate > d {
				continue
			}
			if rx.EndDate == models.NoDate || rx.EndDate >= d {
				cur = k
			}
		}
		if cur >= 0 {
			return m, cur
		}
	}
	return nil, -1
}

// antenatalBPMedicine reports whether dm+d code dmd issues one of the
// pregnancy treatment's medicines.
func (w *worker) antenatalBPMedicine(dmd string) bool {
	for _, m := range w.plan.pregnancy.raisedBP.meds {
		if m.issues(dmd) {
			return true
		}
	}
	return false
}
