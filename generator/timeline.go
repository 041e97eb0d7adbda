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
	numEncKinds
)

// encKindNames are the catalogue keys of the kinds, in kind order.
var encKindNames = [numEncKinds]string{"gp_consultation", "gp_problem", "gp_telephone", "gp_home_visit",
	"chronic_review", "ae_attendance", "emergency_admission", "elective_admission", "day_case", "outpatient"}

// addEncounter appends an encounter of the catalogue kind and returns its id.
func (w *worker) addEncounter(per *person, kind encKind, setting string, start, end models.Timestamp, reason, method string) string {
	et := &w.plan.encTypes[kind]
	id := w.ids.row(tagEncounter)
	w.b.Encounters = append(w.b.Encounters, models.Encounter{
		EncounterID:       id,
		PatientID:         per.id,
		PracticeID:        per.practice.PracticeID,
		Class:             et.Class,
		Setting:           setting,
		TypeCode:          et.Code,
		TypeDisplay:       et.Display,
		StartTime:         start,
		EndTime:           end,
		ReasonConditionID: reason,
		AdmissionMethod:   method,
	})
	return id
}

// endOfLife is the last instant anything may happen to the patient.
func endOfLife(per *person) models.Timestamp { return (per.lastDay + 1).Start() - 1 }

// gpVisit books a GP appointment on or after day d, 10-20 minutes long.
// It reports false when the slot would fall after the patient's last day.
func (w *worker) gpVisit(per *person, d models.Date, kind encKind, reason string, s *distributions.Stream) (string, models.Timestamp, bool) {
	d, start := clinicStart(d, s)
	if d > per.lastDay {
		return "", 0, false
	}
	end := start.AddMinutes(10 + 5*s.IntN(3))
	return w.addEncounter(per, kind, settingGP, start, end, reason, ""), start, true
}

// chronicCare writes, for each chronic condition, its problem-list entry, the
// diagnosing encounter when diagnosis falls inside the history window, and
// the routine reviews with their observations and repeat prescriptions.
func (w *worker) chronicCare(per *person, s *distributions.Stream) {
	for ci := range per.conds {
		hc := &per.conds[ci]
		c := hc.plan
		hc.id = w.ids.row(tagCondition)
		cond := models.Condition{
			ConditionID:  hc.id,
			PatientID:    per.id,
			ConditionKey: c.Key,
			SnomedCode:   c.Snomed,
			ICD10Code:    c.ICD10,
			Description:  c.Description,
			Chronic:      true,
			OnsetDate:    hc.onset,
		}
		interval := 365.25 / float64(max(c.Reviews.PerYear, 1))
		// Contacts: the diagnosis (if in the window) then reviews every interval.
		var next float64
		if hc.onset >= per.firstDay {
			next = float64(hc.onset)
		} else {
			next = float64(per.firstDay) + s.Float64()*interval
		}
		first := true
		for models.Date(next) <= per.lastDay { // the same whole day the repeats' end dates use
			day := models.Date(next)
			kind := encChronicReview
			if first && hc.onset >= per.firstDay {
				kind = encGPProblem
			}
			encID, start, ok := w.gpVisit(per, day, kind, hc.id, s)
			if !ok {
				break
			}
			if kind == encGPProblem {
				cond.DiagnosisEncounterID = encID
			}
			for _, slot := range c.reviews {
				w.observe(per, encID, start.AddMinutes(5), slot, s)
			}
			step := interval + s.NormalMS(0, 20)
			w.issueRepeats(per, hc, encID, start.Date(), nextWeekday(models.Date(next+step)))
			first = false
			next += step
		}
		w.b.Conditions = append(w.b.Conditions, cond)
	}
}

// issueRepeats authorises, at a review on day d, each of the condition's
// drugs already started, to run until the day before the next review, which
// falls on day next (open when that is past the patient's last day, or to
// the date of death).
func (w *worker) issueRepeats(per *person, hc *heldCondition, encID string, d, next models.Date) {
	if next <= d { // a jittered step never goes backwards
		next = d + 1
	}
	for _, drug := range hc.drugs {
		if drug.start > d || w.issuedElsewhere(hc, drug.med.DMDCode) {
			continue
		}
		end := next - 1
		switch {
		case per.death != models.NoDate && end >= per.death:
			end = per.death
		case end >= per.lastDay:
			end = models.NoDate
		}
		w.b.Prescriptions = append(w.b.Prescriptions, models.Prescription{
			PrescriptionID: w.ids.row(tagPrescription),
			PatientID:      per.id,
			EncounterID:    encID,
			ConditionID:    hc.id,
			DMDCode:        drug.med.DMDCode,
			Medication:     drug.med.Name,
			DoseText:       drug.med.DoseText,
			StartDate:      d,
			EndDate:        end,
		})
	}
}

// issuedElsewhere reports whether an earlier condition of the patient owns
// the drug (ramipril for hypertension and heart failure is one repeat, not
// two); the first condition to issue a drug owns it.
func (w *worker) issuedElsewhere(hc *heldCondition, code string) bool {
	for _, o := range w.drugsIn {
		if o.code == code {
			return o.owner != hc.id
		}
	}
	w.drugsIn = append(w.drugsIn, drugOwner{code: code, owner: hc.id})
	return false
}

type drugOwner struct{ code, owner string }
