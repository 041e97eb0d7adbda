// Package perpatient splits a batch into each patient's records, for the
// exporters that write patient by patient (FHIR, openEHR).
package perpatient

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Records is one patient's slice of each table of a batch.
type Records struct {
	P     *models.Patient
	Conds []models.Condition
	Encs  []models.Encounter
	Rxs   []models.Prescription
	Obs   []models.Observation
}

// Each calls fn with each patient's records, in batch order. The batch's
// tables must be grouped by patient in patient order (as the generator
// writes them); otherwise it returns an error naming format.
func Each(b *models.Batch, format string, fn func(pr *Records) error) error {
	var ci, ei, ri, oi int
	var pr Records
	for i := range b.Patients {
		p := &b.Patients[i]
		id := p.PatientID
		j := ci
		for j < len(b.Conditions) && b.Conditions[j].PatientID == id {
			j++
		}
		pr.Conds, ci = b.Conditions[ci:j], j
		j = ei
		for j < len(b.Encounters) && b.Encounters[j].PatientID == id {
			j++
		}
		pr.Encs, ei = b.Encounters[ei:j], j
		j = ri
		for j < len(b.Prescriptions) && b.Prescriptions[j].PatientID == id {
			j++
		}
		pr.Rxs, ri = b.Prescriptions[ri:j], j
		j = oi
		for j < len(b.Observations) && b.Observations[j].PatientID == id {
			j++
		}
		pr.Obs, oi = b.Observations[oi:j], j
		pr.P = p
		if err := fn(&pr); err != nil {
			return err
		}
	}
	if ci != len(b.Conditions) || ei != len(b.Encounters) || ri != len(b.Prescriptions) || oi != len(b.Observations) {
		return fmt.Errorf("%s: batch from patient %d: records not grouped by patient in patient order "+
			"(used %d/%d conditions, %d/%d encounters, %d/%d prescriptions, %d/%d observations)",
			format, b.FirstPatient, ci, len(b.Conditions), ei, len(b.Encounters), ri, len(b.Prescriptions), oi, len(b.Observations))
	}
	return nil
}
