// Package perpatient splits a batch into each patient's records, for the
// exporters that write patient by patient (FHIR, openEHR).
package perpatient

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Records is one patient's slice of each table of a batch.
type Records struct {
	P *models.Patient
	// Unchanged marks, in a delta batch, a patient whose own row did not
	// change: it is there for its changed rows, and is not written again.
	Unchanged bool
	Conds     []models.Condition
	Encs      []models.Encounter
	Rxs       []models.Prescription
	Obs       []models.Observation
	Imms      []models.Immunisation
	Alls      []models.Allergy
}

// cursor walks one table of a batch patient by patient.
type cursor[T any] struct {
	rows []T
	at   int
	id   func(*T) string
}

// next returns the rows of patient id that start at the cursor.
func (c *cursor[T]) next(id string) []T {
	j := c.at
	for j < len(c.rows) && c.id(&c.rows[j]) == id {
		j++
	}
	out := c.rows[c.at:j]
	c.at = j
	return out
}

func (c *cursor[T]) done() bool { return c.at == len(c.rows) }

func (c *cursor[T]) used() string { return fmt.Sprintf("%d/%d", c.at, len(c.rows)) }

// Each calls fn with each patient's records, in batch order. The batch's
// tables must be grouped by patient in patient order (as the generator
// writes them); otherwise it returns an error naming format.
func Each(b *models.Batch, format string, fn func(pr *Records) error) error {
	conds := cursor[models.Condition]{rows: b.Conditions, id: func(r *models.Condition) string { return r.PatientID }}
	encs := cursor[models.Encounter]{rows: b.Encounters, id: func(r *models.Encounter) string { return r.PatientID }}
	rxs := cursor[models.Prescription]{rows: b.Prescriptions, id: func(r *models.Prescription) string { return r.PatientID }}
	obs := cursor[models.Observation]{rows: b.Observations, id: func(r *models.Observation) string { return r.PatientID }}
	imms := cursor[models.Immunisation]{rows: b.Immunisations, id: func(r *models.Immunisation) string { return r.PatientID }}
	alls := cursor[models.Allergy]{rows: b.Allergies, id: func(r *models.Allergy) string { return r.PatientID }}
	var pr Records
	for i := range b.Patients {
		p := &b.Patients[i]
		id := p.PatientID
		pr = Records{P: p, Unchanged: b.Changes != nil && b.Changes.Patients[i] == "", Conds: conds.next(id), Encs: encs.next(id), Rxs: rxs.next(id), Obs: obs.next(id),
			Imms: imms.next(id), Alls: alls.next(id)}
		if err := fn(&pr); err != nil {
			return err
		}
	}
	if !conds.done() || !encs.done() || !rxs.done() || !obs.done() || !imms.done() || !alls.done() {
		return fmt.Errorf("%s: batch from patient %d: records not grouped by patient in patient order "+
			"(used %s conditions, %s encounters, %s prescriptions, %s observations, %s immunisations, %s allergies)",
			format, b.FirstPatient, conds.used(), encs.used(), rxs.used(), obs.used(), imms.used(), alls.used())
	}
	return nil
}
