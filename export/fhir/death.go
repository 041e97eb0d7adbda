package fhir

import "github.com/code4health/cohortgen/models"

// A death is written twice, as UK Core and the NHS record it:
// Patient.deceasedDateTime (the fact and date, as PDS holds them) and, when
// the record has an underlying cause, an Observation of that cause. UK Core
// STU2 has no cause-of-death profile, so it is a UKCore-Observation coded
// with the SNOMED CT observable entity 184305005 |Cause of death|, which
// UK Core's preferred Observation.code binding (UKCore-ObservationType)
// draws from, rather than LOINC 69453-9, which names the US Standard
// Certificate of Death. Its value is the ICD-10 code ONS uses to code
// underlying causes (WHO ICD-10, http://hl7.org/fhir/sid/icd-10) with the
// cause's description, and its effective date is the date of death. It has
// no category: none of the HL7 observation categories fits a cause of death.
const (
	causeOfDeathSnomed  = "184305005"
	causeOfDeathDisplay = "Cause of death"
)

// HasCauseOfDeath reports whether the patient gets a cause-of-death
// Observation: dead, with an underlying cause recorded.
func HasCauseOfDeath(p *models.Patient) bool {
	return p.DeathDate != models.NoDate && p.CauseOfDeathCode != ""
}

// CauseOfDeath appends the patient's cause-of-death Observation, whose id
// is CauseOfDeathID(p.PatientID), passed in so Bundles derive it once.
func (e *encoder) CauseOfDeath(b []byte, p *models.Patient, id string) []byte {
	b = head(b, "Observation", id)
	b = append(b, `,"status":"final","code":{"coding":[{"system":"`+SystemSNOMED+`","code":"`+causeOfDeathSnomed+
		`","display":"`+causeOfDeathDisplay+`"}],"text":"`+causeOfDeathDisplay+`"},"subject":`...)
	b = e.ref(b, "Patient", p.PatientID)
	b = append(b, `,"effectiveDateTime":`...)
	b = appendDate(b, p.DeathDate)
	b = append(b, `,"valueCodeableConcept":`...)
	b = concept(b, SystemICD10, p.CauseOfDeathCode, p.CauseOfDeath, "", "", "", p.CauseOfDeath)
	return append(b, '}')
}
