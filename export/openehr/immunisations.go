package openehr

import (
	"strconv"

	"github.com/code4health/cohortgen/models"
)

// The immunisation summary is one composition per patient with a dose in
// the immunisations table: one "Immunisation procedure" ACTION per dose,
// newest first, at the careflow step "Immunisation administered" (every
// row is a dose given), with the dose's time, the vaccine (the dm+d product,
// under SNOMED-CT as in the medication list and the FHIR output; its name
// alone where the row has no verified code) and the dose number as the
// series number. A patient without doses gets no composition.

var (
	immunisationOpen = locatable("ACTION", "openEHR-EHR-ACTION.immunisation_procedure.v1", "Immunisation procedure", "") + entryAttrs + `,"time":`
	administered     = `,"ism_transition":{"_type":"ISM_TRANSITION","current_state":{"_type":"DV_CODED_TEXT","value":"active","defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"openehr"},"code_string":"245"}},` +
		`"careflow_step":{"_type":"DV_CODED_TEXT","value":"Immunisation administered","defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"local"},"code_string":"at0006"}}}` +
		`,"description":` + node("ITEM_TREE", "at0001", "Tree") + `,"items":[` + element("at0002", "Immunisation name")
	elSeries = element("at0004", "Series number")
)

// immunisationSummary appends the patient's immunisation summary.
func immunisationSummary(b []byte, pr *patientRecords, c *context) []byte {
	b = openComposition(b, &tplImmunisations, compositionUUID(kindImmunisations, pr.P.PatientID, 0), c)
	for i := len(pr.Imms) - 1; i >= 0; i-- {
		if i != len(pr.Imms)-1 {
			b = append(b, ',')
		}
		b = immunisation(b, &pr.Imms[i])
	}
	return closeComposition(b)
}

func immunisation(b []byte, im *models.Immunisation) []byte {
	b = append(b, immunisationOpen...)
	b = dvDateTime(b, im.OccurrenceTime)
	b = append(b, administered...)
	b = dvCoded(b, im.ProductDisplay, termSNOMED, im.ProductCode)
	b = append(b, '}')
	if im.DoseNumber > 0 {
		b = append(b, ',')
		b = append(b, elSeries...)
		b = append(b, `{"_type":"DV_COUNT","magnitude":`...)
		b = strconv.AppendInt(b, im.DoseNumber, 10)
		b = append(b, "}}"...)
	}
	return append(b, "]}}"...) // items, ITEM_TREE, ACTION
}
