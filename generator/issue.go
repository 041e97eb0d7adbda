package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// issue writes a prescription of regimen reg, made at encounter encID on
// day d for condition row condID, to run until end (models.NoDate: open):
// the one way every issue takes its id and formats its regimen.
func (w *worker) issue(per *person, encID, condID string, reg *datasets.Regimen, d, end models.Date, typ string) {
	w.b.Prescriptions = append(w.b.Prescriptions, models.Prescription{
		PrescriptionID: w.ids.rowID(tagPrescription),
		PatientID:      per.id,
		EncounterID:    encID,
		ConditionID:    condID,
		DMDCode:        reg.DMDCode,
		Medication:     reg.Name,
		DoseText:       reg.DoseText,
		StartDate:      d,
		EndDate:        end,
		Type:           typ,
	})
}
