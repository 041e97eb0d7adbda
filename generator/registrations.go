package generator

import "github.com/code4health/cohortgen/models"

// registrations writes the patient's periods on a practice list: the
// earlier practice, for a patient who moved, from the start of their history
// to the day before the current registration (every contact before it was
// there: practiceAt), then the current practice from the registration date,
// open (or to the death date: a patient who dies leaves the list).
func (w *worker) registrations(per *person) {
	if prev := per.prevPractice; prev != nil && per.registered > per.firstDay {
		w.b.Registrations = append(w.b.Registrations, models.Registration{
			RegistrationID: w.ids.numberedID(tagRegistration, 0),
			PatientID:      per.id,
			PracticeID:     prev.PracticeID,
			StartDate:      per.firstDay,
			EndDate:        per.registered - 1,
		})
	}
	w.b.Registrations = append(w.b.Registrations, models.Registration{
		RegistrationID: w.ids.numberedID(tagRegistration, 1),
		PatientID:      per.id,
		PracticeID:     per.practice.PracticeID,
		StartDate:      per.registered,
		EndDate:        per.death,
	})
}

// cutRegistration is a registration as known at the end of day at: one that
// had not begun is not in the record, and one that ended later was still
// current (the registration that ends it begins then; docs/living-sandbox.md).
func cutRegistration(r *models.Registration, at models.Date) bool {
	if r.EndDate > at {
		r.EndDate = models.NoDate
	}
	return r.StartDate <= at
}
