package generator

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

// reducePastRenalDoses re-doses each issue above the step its latest eGFR
// (on or before its day, within a year) allows, from egfr, the written
// readings.
func (w *worker) reducePastRenalDoses(per *person, egfr []slotReading) {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil || m.renal == nil || len(m.renal.Reduce) == 0 {
			continue
		}
		v, ok := lowestLatest(egfr, rx.StartDate, 365)
		if !ok {
			continue
		}
		need := -1
		for _, rd := range m.renal.Reduce {
			if v < rd.Below && rd.Step > need {
				need = rd.Step
			}
		}
		if need < 0 {
			continue
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
			continue // issued at the reduced step already, or a dose this plan does not step
		}
		if r := m.regimen(age, need); r != nil && r.Step == need {
			rx.DMDCode, rx.Medication, rx.DoseText = r.DMDCode, r.Name, r.DoseText
		}
	}
}
