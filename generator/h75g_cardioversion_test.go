// Checks for brief h75g: planned rhythm control for atrial fibrillation.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAFCardioversionAnticoagulated: a planned day case for atrial
// fibrillation is an electrical cardioversion (SNOMED CT 250980009), with an
// anticoagulant running 3 weeks before it and on the day (NICE NG196 1.6).
// Before, every such day case was typed "Seen in day surgery unit" and 29
// of 113 had no anticoagulant from 3 weeks before (generate -n 20000 -s 83).
func TestAFCardioversionAnticoagulated(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	dayCase := r.p.encTypes[encDayCase].Code
	runs := func(pid string, d models.Date) bool {
		for _, rx := range r.rxOf[pid] {
			if datasets.InClass(medKey(rx), "anticoagulant") && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
				return true
			}
		}
		return false
	}
	n, untyped, bare := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.AdmissionMethod != admissionPlanned || keys[e.ReasonConditionID] != "atrial_fibrillation" || (e.TypeCode != dayCase && e.TypeCode != "250980009") {
			continue
		}
		n++
		if e.TypeCode != "250980009" {
			untyped++
		}
		if d := e.StartTime.Date(); !runs(e.PatientID, d-21) || !runs(e.PatientID, d) {
			bare++
		}
	}
	t.Logf("%d planned AF day cases: %d not coded as a cardioversion, %d without an anticoagulant from 3 weeks before", n, untyped, bare)
	enough(t, n, 10, "planned AF day cases")
	if untyped > 0 {
		t.Errorf("%d of %d planned AF day cases not coded as a cardioversion (250980009)", untyped, n)
	}
	if bare > 0 {
		t.Errorf("%d of %d AF cardioversions without an anticoagulant running 3 weeks before and on the day (NICE NG196 1.6)", bare, n)
	}
}

// cardioversionDays lists each patient's cardioversion days (250980009).
func cardioversionDays(r *realism) map[string][]models.Date {
	days := map[string][]models.Date{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.TypeCode == "250980009" {
			days[e.PatientID] = append(days[e.PatientID], e.StartTime.Date())
		}
	}
	return days
}

// periCardioversion: rx is the time-limited course cardioversion.go starts
// for a cardioversion (brief h75g), indicated whatever the CHA2DS2-VASc
// (NICE NG196 1.6): an acute anticoagulant issued at a clinic 21 to 35 days
// before one of the patient's cardioversions (days), ending on or after it
// and no later than 28 days after it.
func periCardioversion(r *realism, days []models.Date, rx *models.Prescription) bool {
	e := r.encs[rx.EncounterID]
	if rx.Type != models.PrescriptionAcute || rx.EndDate == models.NoDate || e == nil || e.Setting != settingOutpatient ||
		!datasets.InClass(medKey(rx), "anticoagulant") {
		return false
	}
	for _, d := range days {
		if rx.StartDate <= d-21 && rx.StartDate >= d-35 && rx.EndDate >= d && rx.EndDate <= d+28 {
			return true
		}
	}
	return false
}
