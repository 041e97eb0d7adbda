package generator

import "github.com/code4health/cohortgen/models"

// dateDiagnosis dates the problem-list entry of a condition the GP
// diagnoses by the consultation that diagnosed it. The condition's onset is
// drawn on any day, but the consultation falls on the next day the practice
// is open with a free slot (a weekend, a bank holiday, a busy day, a stay in
// hospital): a practice system dates a problem coded in a consultation by
// that consultation, so a Saturday onset was coded two days before the
// Monday visit that found it (a quarter of new diagnoses, eleventh review).
// The condition's course (its levels, its cause of death) keeps the drawn
// day; only the coded date moves. A cancer referred urgently is diagnosed by
// the clinic (urgent.go): its entry is dated by the GP consultation that
// referred it, never after that clinic.
func (w *worker) dateDiagnosis(hc *heldCondition, visit models.Date) {
	row := &w.b.Conditions[hc.row]
	if visit <= row.OnsetDate {
		return
	}
	if hc.diagnosedAt != "" {
		visit = min(visit, w.encounterDay(hc.diagnosedAt, visit))
	}
	row.OnsetDate = visit
	if len(hc.staged) == 1 && hc.staged[0].id == row.ConditionID {
		hc.staged[0].from = visit
	}
}

// encounterDay is the day of the encounter with the id, or fallback when
// there is none in the batch.
func (w *worker) encounterDay(id string, fallback models.Date) models.Date {
	for i := len(w.b.Encounters) - 1; i >= 0; i-- {
		if e := &w.b.Encounters[i]; e.EncounterID == id {
			return e.StartTime.Date()
		}
	}
	return fallback
}
