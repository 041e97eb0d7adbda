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
// day; only the coded date moves, and never past a contact already about
// the condition (a cancer referred urgently is dated by the GP consultation
// that referred it, before the clinic that diagnoses it, urgent.go).
func (w *worker) dateDiagnosis(per *person, hc *heldCondition, visit models.Date) {
	row := &w.b.Conditions[hc.row]
	if visit <= row.OnsetDate {
		return
	}
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == row.ConditionID {
			visit = min(visit, e.StartTime.Date())
		}
	}
	row.OnsetDate = visit
	if len(hc.staged) == 1 && hc.staged[0].id == row.ConditionID {
		hc.staged[0].from = visit
	}
	per.datedRows = append(per.datedRows, hc.row)
}

// notAfterContacts moves the coded date of each problem dateDiagnosis
// dated back to the first contact about it written after the GP's care (a
// home visit about a dementia on the day of discharge, before the
// diagnosing visit moved past the stay): those contacts follow the day
// drawn, and no contact comes before the problem it is about.
func (w *worker) notAfterContacts(per *person) {
	for _, r := range per.datedRows {
		w.notAfterEncounters(per, &w.b.Conditions[r])
	}
	// A cancer dated by the clinic an urgent referral led to (urgent.go) is
	// dated back, as rarely happens, to a contact or a prescription about it
	// before that clinic (an admission, a home visit in end-of-life care):
	// those follow the referral, and nothing comes before the problem.
	for _, r := range per.urgentRows {
		row := &w.b.Conditions[r]
		w.notAfterEncounters(per, row)
		for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
			if x := &w.b.Prescriptions[i]; x.ConditionID == row.ConditionID {
				row.OnsetDate = min(row.OnsetDate, x.StartDate)
			}
		}
	}
}

// notAfterEncounters dates problem row back to the first of the person's
// encounters about it, when one comes before its coded date.
func (w *worker) notAfterEncounters(per *person, row *models.Condition) {
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == row.ConditionID {
			row.OnsetDate = min(row.OnsetDate, e.StartTime.Date())
		}
	}
}
