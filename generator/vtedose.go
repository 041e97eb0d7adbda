package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The dose a VTE's anticoagulant runs at after its first weeks (brief h70c,
// issue 9). A GP and a pharmacist reading the records found apixaban 2.5 mg
// (a clot's extended-phase dose) in a person with atrial fibrillation and
// none of the AF lower-dose criteria, a course stopped at a review because
// those criteria held with nothing in its place, and a new clot on the
// extended dose left on it. Nothing here draws.

// vteRedose is the dose a review on day on re-issues a VTE course at, for
// medicine m (catalogue drug dr, started on day d at regimen step step):
//   - with the catalogue's dose_of condition held (atrial fibrillation), its
//     own dose: the usual one, or the lowered one while its dose criteria
//     hold (prescribing.yaml dose_criteria: two of 80 or over, 60 kg or
//     less, a creatinine of 133 or more), never the extended step;
//   - from day x (NoDate: none), a long-term course's extended dose
//     (apixaban 2.5 mg twice daily after 6 months; h68a);
//   - where the lowered dose's criteria hold for a drug that treats a clot
//     at the full dose only (not_when_reduced, apixaban): the extended dose
//     once the course has run extended_after_days (the dose that prevents a
//     recurrence after 6 months of treatment, whatever the age and weight;
//     before, the course ended at the review with nothing in its place),
//     and before that it ends there (the hard rule
//     apixaban-5mg-at-80-and-60kg-or-less: a cancer clot's reviews re-issued
//     5 mg at 82 and 57.5 kg, generate -n 100000 -s 1);
//   - otherwise unchanged, or the lowered regimen as the start reads it.
func (w *worker) vteRedose(per *person, m *medPlan, dr *datasets.VTEDrug, step int, d, x models.Date) redose {
	v := w.plan.vte
	at := func(on models.Date, st int) (*datasets.Regimen, bool) {
		if g := m.regimen(per.ageOn(on), st); g != nil && g.Step == st {
			return g, true
		}
		return nil, false
	}
	extendedFrom := models.NoDate
	if dr.ExtendedStep > step && v.ExtendedAfterDays > 0 {
		extendedFrom = d + models.Date(v.ExtendedAfterDays)
	}
	return func(on models.Date) (*datasets.Regimen, bool) {
		low := w.lowerDoseDue(per, m, on)
		if w.vteDoseOfHeld(per, on) {
			if low && m.lowerDose != nil {
				return at(on, max(step, m.lowerDose.Step))
			}
			return at(on, step)
		}
		if x != models.NoDate && on >= x || low && dr.NotWhenReduced && extendedFrom != models.NoDate && on >= extendedFrom {
			return at(on, dr.ExtendedStep)
		}
		if !low {
			return nil, true
		}
		if dr.NotWhenReduced || m.lowerDose == nil {
			return nil, false
		}
		return at(on, max(step, m.lowerDose.Step))
	}
}

// vteDoseOfHeld reports whether the person holds the catalogue's dose_of
// condition (atrial fibrillation) on day d.
func (w *worker) vteDoseOfHeld(per *person, d models.Date) bool {
	v := w.plan.vte
	if v.doseOf < 0 {
		return false
	}
	k := heldIndex(per, v.doseOf)
	return k >= 0 && per.conds[k].onset <= d
}

// extendedVTEIssue is the issue, running on day d, of a VTE course at its
// drug's extended dose (apixaban 2.5 mg for a DVT or PE), or -1.
func (w *worker) extendedVTEIssue(per *person, d models.Date) int {
	v := w.plan.vte
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
		rx := &w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() || rx.StartDate > d || (rx.EndDate != models.NoDate && rx.EndDate < d) || !w.vteCondition(per, rx.ConditionID) {
			continue
		}
		for i, dr := range v.Drugs {
			if dr.ExtendedStep > 0 && v.meds[i].issues(rx.DMDCode) {
				if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && g.Step == dr.ExtendedStep {
					return k
				}
			}
		}
	}
	return -1
}

// vteCondition reports whether condition row id is a DVT or PE.
func (w *worker) vteCondition(per *person, id string) bool {
	v := w.plan.vte
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionID == id {
			return c.ConditionKey == v.DVT.Key || c.ConditionKey == v.PE.Key
		}
	}
	return false
}

// endOnRecurrence ends, the day before a new clot on day d (condition
// newID), the course of issue k at its extended dose: a clot that recurs on
// apixaban 2.5 mg is treated again from the loading dose (NICE NG158 1.3,
// approx: a recurrence is treated as a new VTE; BNF apixaban: 10 mg twice
// daily for 7 days, then 5 mg; brief h69g/h70c). The course's later issues
// are withdrawn, the earlier clot is resolved on the new one's day, and the
// reviews booked about it after then are about the new one.
func (w *worker) endOnRecurrence(per *person, k int, d models.Date, newID string) {
	old := w.b.Prescriptions[k].ConditionID
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || rx.ConditionID != old {
			continue
		}
		switch {
		case rx.StartDate >= d:
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		case rx.EndDate == models.NoDate || rx.EndDate >= d:
			rx.EndDate = d - 1
		}
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; c.ConditionID == old && (c.ResolvedDate == models.NoDate || c.ResolvedDate > d) {
			c.ResolvedDate = d
		}
	}
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == old && e.StartTime.Date() >= d {
			e.ReasonConditionID = newID
		}
	}
	for i := range per.vteSpans {
		if sp := &per.vteSpans[i]; sp[0] < d && (sp[1] == models.NoDate || sp[1] >= d) {
			sp[1] = d - 1
		}
	}
}
