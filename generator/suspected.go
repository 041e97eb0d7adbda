package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Asthma is suspected before it is diagnosed (brief h66h). A GP review
// found no spirometry for any of 176 people with asthma and asthma coded
// at the first visit with the first inhaler the same day (generate -n 3000
// -s 41). BTS/NICE/SIGN NG245 (2024): asthma is suspected on the history
// (wheeze, cough, breathlessness) and diagnosed once an objective test
// supports it; treatment starts then. A condition with suspected_first now
// has the contact that suspects it, days_before the diagnosing visit (whose
// diagnosis_readings are the tests), coding the symptom as that contact's
// problem, open until the diagnosis.

// suspectedFirst writes, before the visit on day d that diagnoses held
// condition hc, the GP consultation that suspected it: its symptom a
// problem of its own from that day to d, the consultation's reason. A
// person under from_age is diagnosed on clinical grounds at the one visit;
// a contact before the record opens, or one that cannot be booked before
// d, is not written. Its draws come from a stream of its own, so no other
// draw moves.
func (w *worker) suspectedFirst(per *person, hc *heldCondition, d models.Date) {
	sf := hc.plan.SuspectedFirst
	if sf == nil || hc.row < 0 || per.ageOn(d) < sf.FromAge {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeSuspected, uint64(hc.plan.idx))
	day := lastWorkingDay(d - models.Date(between(sf.DaysBefore, &s)))
	if day < per.firstDay {
		return
	}
	id, start, ok := w.gpVisitFor(per, day, encGPProblem, contactOf(encGPProblem), "", &s) // a contact for a symptom
	if !ok {
		return
	}
	if start.Date() >= d { // the booking moved it to the diagnosis or later
		w.b.Encounters = w.b.Encounters[:len(w.b.Encounters)-1]
		return
	}
	p := sf.Problem
	prob := w.ids.row(tagCondition)
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: prob, PatientID: per.id, ConditionKey: p.Key,
		SnomedCode: p.Snomed, ICD10Code: p.ICD10, Description: p.Description, OnsetDate: start.Date(), ResolvedDate: d, DiagnosisEncounterID: id})
	w.b.Encounters[len(w.b.Encounters)-1].ReasonConditionID = prob
}
