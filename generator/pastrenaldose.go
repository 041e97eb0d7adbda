package generator

import "github.com/code4health/cohortgen/models"

// The renal dose of the last safety step (merge, stop 63). withdrawPastLimits
// withdraws an issue whose medicine a result written by a later pass
// forbids (renal stop_below); a medicine whose dose is reduced by renal
// function (prescribing.yaml renal `reduce`: gabapentin twice a day at an
// eGFR of 30-49, once below 30) was issued at the dose the earlier pass's
// readings allowed. A follow-up check written later (a blood-pressure
// step's own check, bpelsewhere.go) can date an eGFR of 29 between that
// reading and the issue: gabapentin twice a day was then issued on a
// record whose latest eGFR read 29 (TestGabapentinoidDoseByKidneyFunction,
// generate -n 20000 -s 11, a2260cce). A prescriber on that day would have
// seen it and given the reduced step: the issue is re-dosed to it, as the
// issuing pass does. Nothing is drawn: no stream moves.

// reducePastRenalDose re-doses issue rx, of medicine m, when it is above
// the step its latest eGFR (on or before its day, within a year, from egfr,
// the written readings) allows, and reports whether it did.
func (w *worker) reducePastRenalDose(per *person, rx *models.Prescription, m *medPlan, egfr []slotReading) bool {
	if len(m.renal.Reduce) == 0 {
		return false
	}
	v, ok := lowestLatest(egfr, rx.StartDate, 365)
	if !ok {
		return false
	}
	need, reduce := m.renal.DoseStep(v) // the issuing pass's band (startCourse)
	if !reduce {
		return false
	}
	age := per.ageOn(rx.StartDate)
	step := -1
	for k := range m.regimens {
		r := &m.regimens[k]
		if r.DMDCode == rx.DMDCode && r.DoseText == rx.DoseText && age >= r.MinAge && age <= r.MaxAge {
			step = r.Step
		}
	}
	if step < 0 || step >= need {
		return false // issued at the reduced step already, or a dose this plan does not step
	}
	r := m.regimen(age, need)
	if r == nil || r.Step != need {
		return false
	}
	rx.DMDCode, rx.Medication, rx.DoseText = r.DMDCode, r.Name, r.DoseText
	return true
}
