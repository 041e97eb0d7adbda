package generator

import "github.com/code4health/cohortgen/models"

// An admission for a relapse (brief h72g, issue 9): schizophrenia and
// bipolar disorder are admitted for themselves (no admitted_for problem of
// their own), so their emergency admissions were no flare and the review
// after discharge (catalogue after_admission, decompensation.go) never
// came: the antipsychotic stayed at its first dose through every relapse.
// An emergency admission for a held condition that is its own acute problem
// and has an after_admission line is now recorded as its flare.

// relapseAdmitted records, for an emergency admission on day d for held
// condition k itself, the flare its after_admission review acts on.
func (w *worker) relapseAdmitted(per *person, k, setting int, d models.Date) {
	c := per.conds[k].plan
	if setting != presEmergency || c.AfterAdmission == nil || len(c.AdmittedFor) > 0 {
		return
	}
	per.flares = append(per.flares, flare{cond: c.idx, day: d, setting: presEmergency})
}
