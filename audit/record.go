package audit

import (
	"reflect"
	"strings"
	"sync"

	"github.com/code4health/cohortgen/models"
)

// Record is one patient's rows, as the generator writes them.
type Record struct {
	Patient *models.Patient
	// CauseOfDeath is patients.cause_of_death_code: empty when the patient
	// is alive, or when the source has no such column (see
	// Config.CauseOfDeath).
	CauseOfDeath  string
	Conditions    []models.Condition
	Encounters    []models.Encounter
	Prescriptions []models.Prescription
	Observations  []models.Observation
	Allergies     []models.Allergy
	Immunisations []models.Immunisation
}

// causeColumn is the Parquet column of the underlying cause of death. It is
// being added to models.Patient separately, so the audit finds it by tag,
// not by field name, and works before and after it lands.
const causeColumn = "cause_of_death_code"

// causeField is the index of the models.Patient field written to
// causeColumn, or -1 while there is none.
var causeField = sync.OnceValue(func() int {
	t := reflect.TypeOf(models.Patient{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("parquet"), ",")
		if name == causeColumn && t.Field(i).Type.Kind() == reflect.String {
			return i
		}
	}
	return -1
})

// PatientHasCauseOfDeath reports whether models.Patient carries the cause
// of death, so that generated batches can be checked for it.
func PatientHasCauseOfDeath() bool { return causeField() >= 0 }

func causeOf(p *models.Patient) string {
	if i := causeField(); i >= 0 {
		return reflect.ValueOf(p).Elem().Field(i).String()
	}
	return ""
}

// AddBatch audits every patient of a generated batch. Each table of a batch
// is in patient order, so one pass with a cursor per table splits it.
func (a *Auditor) AddBatch(b *models.Batch) {
	var ci, ei, pi, oi, ai, ii int
	var rec Record
	for i := range b.Patients {
		p := &b.Patients[i]
		rec = Record{Patient: p, CauseOfDeath: causeOf(p)}
		rec.Conditions, ci = take(b.Conditions, ci, p.PatientID, func(r *models.Condition) string { return r.PatientID })
		rec.Encounters, ei = take(b.Encounters, ei, p.PatientID, func(r *models.Encounter) string { return r.PatientID })
		rec.Prescriptions, pi = take(b.Prescriptions, pi, p.PatientID, func(r *models.Prescription) string { return r.PatientID })
		rec.Observations, oi = take(b.Observations, oi, p.PatientID, func(r *models.Observation) string { return r.PatientID })
		rec.Allergies, ai = take(b.Allergies, ai, p.PatientID, func(r *models.Allergy) string { return r.PatientID })
		rec.Immunisations, ii = take(b.Immunisations, ii, p.PatientID, func(r *models.Immunisation) string { return r.PatientID })
		a.Add(&rec)
	}
}

// take returns the run of rows from position i that belong to the patient,
// and the position after it.
func take[T any](rows []T, i int, id string, patient func(*T) string) ([]T, int) {
	j := i
	for j < len(rows) && patient(&rows[j]) == id {
		j++
	}
	return rows[i:j], j
}
