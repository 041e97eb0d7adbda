package fhir

import (
	"strconv"

	"github.com/code4health/cohortgen/models"
)

// ExtVaccinationProcedure is UK Core's extension for the SNOMED CT
// vaccination procedure. UK Core keeps the procedure apart from
// vaccineCode, which names the product given (UKCore-VaccineCode).
const ExtVaccinationProcedure = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-VaccinationProcedure"

// Immunization appends a UKCore-Immunization for one dose. The vaccine is
// coded only with what the row holds: a dm+d product code (written under
// SNOMED CT and dm+d, as for MedicationRequest) or, when the row has none,
// the product's name as text; the procedure code, when the row has one,
// goes in the VaccinationProcedure extension. Every row is a dose given, so
// the status is completed.
func (e *encoder) Immunization(b []byte, im *models.Immunisation) []byte {
	b = headID(b, "Immunization", im.ImmunisationID)
	if im.ProcedureCode != "" {
		b = append(b, `,"extension":[{"url":"`+ExtVaccinationProcedure+`","valueCodeableConcept":`...)
		b = concept(b, SystemSNOMED, im.ProcedureCode, im.ProcedureDisplay, "", "", "", im.ProcedureDisplay)
		b = append(b, `}]`...)
	}
	b = append(b, `,"status":"completed","vaccineCode":`...)
	b = concept(b, SystemSNOMED, im.ProductCode, im.ProductDisplay, SystemDMD, im.ProductCode, im.ProductDisplay, im.ProductDisplay)
	b = append(b, `,"patient":`...)
	b = e.ref(b, "Patient", im.PatientID)
	if im.EncounterID != "" {
		b = append(b, `,"encounter":`...)
		b = e.ref(b, "Encounter", im.EncounterID)
	}
	b = append(b, `,"occurrenceDateTime":`...)
	b = appendTimestamp(b, im.OccurrenceTime)
	if im.ReasonConditionID != "" {
		b = append(b, `,"reasonReference":[`...)
		b = e.ref(b, "Condition", im.ReasonConditionID)
		b = append(b, ']')
	}
	if im.DoseNumber > 0 {
		b = append(b, `,"protocolApplied":[{"doseNumberPositiveInt":`...)
		b = strconv.AppendInt(b, im.DoseNumber, 10)
		b = append(b, `}]`...)
	}
	return append(b, '}')
}
