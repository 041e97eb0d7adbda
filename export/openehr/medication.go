package openehr

import "github.com/code4health/cohortgen/models"

// The medication statement list is one composition per patient, as of the
// dataset's as-of date: every course (prescription), newest first, with
// its dm+d item (dm+d ids are SNOMED CT UK Drug Extension concepts, so the
// terminology is SNOMED-CT, as in the FHIR output), the dose text as the
// overall directions (the record holds one text; splitting it into amount
// and timing would mean parsing it), its indication, start and stop dates
// and course status: Completed when it ended by the as-of date, else Active
// (the FHIR exporter's completed/active rule).

var (
	sectionMeds = locatable("SECTION", "openEHR-EHR-SECTION.medication_medical_devices_rcp.v1", "Medication and medical devices", "") + `,"items":[`
	orderOpen   = locatable("INSTRUCTION", "openEHR-EHR-INSTRUCTION.medication_order.v1", "Medication order", "") + entryAttrs + `,"narrative":`
	activity    = `,"activities":[` + node("ACTIVITY", "at0001", "Order") + `,"description":` + node("ITEM_TREE", "at0002", "Tree") +
		`,"items":[` + element("at0070", "Medication item")
	elDirections = element("at0009", "Overall directions description")
	elIndication = element("at0018", "Clinical indication")
	orderDetails = node("CLUSTER", "at0113", "Order details") + `,"items":[` + element("at0012", "Order start date/time")
	elStop       = element("at0013", "Order stop date/time")
	courseStatus = locatable("CLUSTER", "openEHR-EHR-CLUSTER.medication_course_summary.v0", "Order summary", "") +
		`,"items":[` + element("at0001", "Course status")
	statusActive    = `{"_type":"DV_CODED_TEXT","value":"Active","defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"local"},"code_string":"at0021"}}`
	statusCompleted = `{"_type":"DV_CODED_TEXT","value":"Completed","defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"local"},"code_string":"at0024"}}`
)

// completed reports whether a course had ended by asOf.
func completed(rx *models.Prescription, asOf models.Date) bool {
	return rx.EndDate != models.NoDate && (asOf == models.NoDate || rx.EndDate <= asOf)
}

// medicationList appends the patient's medication statement list. cond
// finds a condition by id, for the indication.
func medicationList(b []byte, pr *patientRecords, asOf models.Date, c *context, cond func(string) *models.Condition) []byte {
	b = openComposition(b, &tplMedication, compositionUUID(kindMedication, pr.P.PatientID, 0), c)
	b = append(b, sectionMeds...)
	for i := len(pr.Rxs) - 1; i >= 0; i-- {
		if i != len(pr.Rxs)-1 {
			b = append(b, ',')
		}
		b = medicationOrder(b, &pr.Rxs[i], asOf, cond)
	}
	b = append(b, "]}"...)
	return closeComposition(b)
}

func medicationOrder(b []byte, rx *models.Prescription, asOf models.Date, cond func(string) *models.Condition) []byte {
	b = append(b, orderOpen...)
	if rx.DoseText != "" {
		b = dvText(b, rx.Medication+": "+rx.DoseText)
	} else {
		b = dvText(b, rx.Medication)
	}
	b = append(b, activity...)
	b = dvCoded(b, rx.Medication, termSNOMED, rx.DMDCode)
	b = append(b, '}')
	if rx.DoseText != "" {
		b = append(b, ',')
		b = append(b, elDirections...)
		b = dvText(b, rx.DoseText)
		b = append(b, '}')
	}
	if c := cond(rx.ConditionID); c != nil {
		b = append(b, ',')
		b = append(b, elIndication...)
		b = dvCoded(b, c.Description, termSNOMED, c.SnomedCode)
		b = append(b, '}')
	}
	b = append(b, ',')
	b = append(b, orderDetails...)
	b = dvDate(b, rx.StartDate)
	b = append(b, '}')
	if rx.EndDate != models.NoDate {
		b = append(b, ',')
		b = append(b, elStop...)
		b = dvDate(b, rx.EndDate)
		b = append(b, '}')
	}
	b = append(b, ',')
	b = append(b, courseStatus...)
	if completed(rx, asOf) {
		b = append(b, statusCompleted...)
	} else {
		b = append(b, statusActive...)
	}
	// Course status ELEMENT, its items, the summary CLUSTER; Order details'
	// items and CLUSTER; the Tree's items and ITEM_TREE; the ACTIVITY (with
	// action_archetype_id, mandatory in the RM: any action may act on it),
	// activities, INSTRUCTION.
	b = append(b, `}]}]}]}`...)
	b = append(b, `,"action_archetype_id":"/.*/"}]}`...)
	return b
}
