package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

const (
	settingGP         = "gp"
	settingAE         = "ae"
	settingInpatient  = "inpatient"
	settingOutpatient = "outpatient"
)

// encKind is a kind of encounter; the catalogue's encounter_types give each
// its class and SNOMED CT type.
type encKind int

const (
	encGPConsultation encKind = iota
	encGPProblem
	encGPTelephone
	encGPHomeVisit
	encChronicReview
	encAE
	encEmergencyAdmission
	encElectiveAdmission
	encDayCase
	encOutpatient
	encImmunisation
	numEncKinds
)

// encKindNames are the catalogue keys of the kinds, in kind order.
var encKindNames = [numEncKinds]string{"gp_consultation", "gp_problem", "gp_telephone", "gp_home_visit",
	"chronic_review", "ae_attendance", "emergency_admission", "elective_admission", "day_case", "outpatient", "immunisation"}

// addEncounter appends an encounter of the catalogue kind and returns its id.
func (w *worker) addEncounter(per *person, kind encKind, setting string, start, end models.Timestamp, reason, method string) string {
	et := &w.plan.encTypes[kind]
	id := w.ids.row(tagEncounter)
	practice := per.practiceOn(start)
	practitioner := ""
	if setting == settingGP {
		practitioner = w.plan.encounterPractitioner(practice, per.id, id)
	}
	w.b.Encounters = append(w.b.Encounters, models.Encounter{
		EncounterID:       id,
		PatientID:         per.id,
		PracticeID:        practice,
		Class:             et.Class,
		Setting:           setting,
		TypeCode:          et.Code,
		TypeDisplay:       et.Display,
		StartTime:         start,
		EndTime:           end,
		ReasonConditionID: reason,
		AdmissionMethod:   method,
		PractitionerID:    practitioner,
	})
	return id
}

// practiceOn is the practice the patient was registered with at a time:
// contacts before the current registration belong to the previous practice.
func (per *person) practiceOn(t models.Timestamp) string {
	if t.Date() < per.registered && per.prevPractice != nil {
		return per.prevPractice.PracticeID
	}
	return per.practice.PracticeID
}

// endOfLife is the last instant anything may happen to the patient.
func endOfLife(per *person) models.Timestamp { return (per.lastDay + 1).Start() - 1 }

// gpVisit books a GP appointment on or after day d, 10-20 minutes long.
// It reports false when the slot would fall after the patient's last day.
func (w *worker) gpVisit(per *person, d models.Date, kind encKind, reason string, s *distributions.Stream) (string, models.Timestamp, bool) {
	d, start := clinicStart(d, s)
	for end, in := inStay(per, start); in; end, in = inStay(per, start) { // in hospital: seen after discharge
		d, start = clinicStart(end.Date()+1, s)
	}
	if d > per.lastDay {
		return "", 0, false
	}
	end := start.AddMinutes(10 + 5*s.IntN(3))
	return w.addEncounter(per, kind, settingGP, start, end, reason, ""), start, true
}
