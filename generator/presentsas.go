package generator

import "github.com/code4health/cohortgen/models"

// Diagnosed by the specialist (catalogue presents_as; brief h59g, issue 9):
// schizophrenia, bipolar disorder and dementia were coded at the GP contact
// that referred them (411 of 411 diagnoses in the record, generate -n 20000
// -s 83), though the GP only suspects them: a first episode of psychosis is
// assessed and diagnosed by early intervention in psychosis services (NICE
// CG178 1.3.1), suspected bipolar disorder by secondary mental health care
// (CG185 1.2.1), a dementia by a specialist memory service (NG97 1.2.10).
// The referring contact now codes what the GP saw (hallucinations, low
// mood, memory loss), open until the clinic; the clinic the at-diagnosis
// referral booked diagnoses the condition, dated by it, and the practice
// codes it from the letter.

// diagnosedInClinic makes the clinic the at-diagnosis referral booked the
// diagnosis of held condition hc, and codes its presenting problem at the
// referring GP contact encID (time t) as that contact's reason. A
// condition with no presents_as, one seen first in hospital, or a referral
// that booked no clinic keeps the GP's diagnosis.
func (w *worker) diagnosedInClinic(per *person, hc *heldCondition, encID string, t models.Timestamp, clinic *bookedClinic) {
	p := hc.plan.PresentsAs
	if p == nil || hc.presented || clinic == nil || encID == "" || hc.row < 0 {
		return
	}
	day := clinic.start.Date()
	if day <= t.Date() {
		return
	}
	prob := w.ids.row(tagCondition)
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: prob, PatientID: per.id, ConditionKey: p.Key,
		SnomedCode: p.Snomed, ICD10Code: p.ICD10, Description: p.Description, OnsetDate: t.Date(), ResolvedDate: day, DiagnosisEncounterID: encID})
	for e := len(w.b.Encounters) - 1; e >= per.encFrom; e-- {
		if w.b.Encounters[e].EncounterID == encID {
			w.b.Encounters[e].ReasonConditionID = prob
			break
		}
	}
	row := &w.b.Conditions[hc.row]
	row.OnsetDate, row.DiagnosisEncounterID = day, clinic.enc
	hc.presentingID, hc.clinicDiagnosed = prob, day
	per.urgentRows = append(per.urgentRows, hc.row) // dated back to a prescription about it, if ever one came first
}

// presentingReasons makes each contact about a condition the clinic
// diagnosed that comes before the clinic (a GP contact drawn about the
// person's held conditions, a home visit) about its presenting problem:
// the practice does not hold the diagnosis yet. Before, 141 of 339
// dementias diagnosed at the memory service were dated back to such a
// contact by notAfterContacts (generate -n 20000 -s 83).
func (w *worker) presentingReasons(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.presentingID == "" {
			continue
		}
		for i := per.encFrom; i < len(w.b.Encounters); i++ {
			if e := &w.b.Encounters[i]; e.ReasonConditionID == hc.id && e.StartTime.Date() < hc.clinicDiagnosed {
				e.ReasonConditionID = hc.presentingID
			}
		}
	}
}
