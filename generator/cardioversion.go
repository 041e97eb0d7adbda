package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Planned rhythm control for atrial fibrillation (brief h75g). The day case
// drawn for a condition held (hospital.go heldElective) was written with no
// procedure, before any medicine, so a third had no anticoagulant in the
// three weeks before it. Once the anticoagulants are written, each planned
// day case for a condition with a cardioversion (catalogue.yaml) is typed
// as that procedure, and a person with no anticoagulant running from
// before_days before it is started on one at the specialist clinic
// clinic_days before it, to after_days after it (NICE NG196 1.6), or to
// the day before an anticoagulant of the record starts.

// cardioversions types and anticoagulates the person's planned day cases
// for a condition with a cardioversion.
func (w *worker) cardioversions(per *person) {
	dayCase := &w.plan.encTypes[encDayCase]
	n := len(w.b.Encounters) // the clinics booked below are not day cases
	for i := per.encFrom; i < n; i++ {
		e := &w.b.Encounters[i]
		if e.AdmissionMethod != admissionPlanned || e.TypeCode != dayCase.Code || e.ReasonConditionID == "" {
			continue
		}
		for k := range per.conds {
			if hc := &per.conds[k]; hc.id == e.ReasonConditionID && hc.plan.Cardioversion != nil {
				e.TypeCode, e.TypeDisplay = hc.plan.Cardioversion.Snomed, hc.plan.Cardioversion.Display
				w.anticoagulateBefore(per, hc, e.StartTime.Date())
			}
		}
	}
}

// anticoagulateBefore starts the cardioversion's anticoagulant at a clinic
// before day d (the procedure's, for condition hc) unless one runs from
// before_days before it: at its usual dose, lowered as its renal steps and
// dose criteria say (as startCourse).
func (w *worker) anticoagulateBefore(per *person, hc *heldCondition, d models.Date) {
	cv, condID := hc.plan.Cardioversion, hc.id
	from := d - models.Date(cv.BeforeDays)
	if w.anticoagulantIssued(per, from) || w.classRunning(per, "anticoagulant", from, -1) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCardioversion, uint64(d))
	// the clinic is not before the AF is diagnosed: the course is for it
	// (a day case is drawn before_days or more after the onset, hospital.go)
	dx := hc.onset
	if hc.row >= 0 && w.b.Conditions[hc.row].ConditionID == condID {
		dx = max(dx, w.b.Conditions[hc.row].OnsetDate)
	}
	if hc.diagnosedOn != 0 {
		dx = max(dx, hc.diagnosedOn)
	}
	day := max(d-models.Date(between(cv.ClinicDays, &s)), dx)
	end := min(d+models.Date(cv.AfterDays), per.lastDay)
	m := w.plan.medPlans[cv.Anticoagulant]
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && datasets.InClass(g.Medicine, "anticoagulant") && rx.StartDate > from && rx.StartDate <= end {
			end, m = min(end, rx.StartDate-1), w.plan.medPlans[g.Medicine] // the record's own takes over: the same medicine before it
		}
	}
	egfr := w.latestEGFR(per, day)
	if day < per.firstDay || m == nil || end < day || !w.allowedCourse(per, m, day, end, egfr) {
		return
	}
	step := 0
	if r := m.renal; r != nil {
		if rs, ok := r.DoseStep(egfr); ok {
			step = rs
		}
	}
	if w.lowerDoseDue(per, m, day) {
		step = max(step, m.lowerDose.Step)
	}
	reg := m.regimen(per.ageOn(day), step)
	if reg == nil {
		return
	}
	enc, start, ok := w.outpatientAt(per, day, condID, &s)
	if !ok || start.Date() > from {
		return
	}
	w.issue(per, enc, condID, reg, start.Date(), end, models.PrescriptionAcute)
}
