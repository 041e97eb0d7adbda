package fhir

import "github.com/code4health/cohortgen/models"

const (
	systemAllergyClin = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
	systemAllergyVer  = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
)

// AllergyIntolerance appends a UKCore-AllergyIntolerance for an allergy-list
// entry. The models keep no end to an entry (a label stays on the list), so
// every entry is active; type, category, criticality, verification status
// and reaction severity are FHIR codes already in the row.
func (e *encoder) AllergyIntolerance(b []byte, a *models.Allergy) []byte {
	b = headID(b, "AllergyIntolerance", a.AllergyID)
	b = append(b, `,"clinicalStatus":{"coding":[{"system":"`+systemAllergyClin+`","code":"active","display":"Active"}]}`...)
	b = append(b, `,"verificationStatus":{"coding":[`...)
	b = coding(b, systemAllergyVer, a.VerificationStatus, allergyVerificationDisplay(a.VerificationStatus))
	b = append(b, `]}`...)
	if a.Type != "" {
		b = append(b, `,"type":`...)
		b = appendString(b, a.Type)
	}
	if a.Category != "" {
		b = append(b, `,"category":[`...)
		b = appendString(b, a.Category)
		b = append(b, ']')
	}
	if a.Criticality != "" {
		b = append(b, `,"criticality":`...)
		b = appendString(b, a.Criticality)
	}
	b = append(b, `,"code":`...)
	b = concept(b, SystemSNOMED, a.SnomedCode, a.Description, "", "", "", a.Description)
	b = append(b, `,"patient":`...)
	b = e.ref(b, "Patient", a.PatientID)
	b = append(b, `,"onsetDateTime":`...)
	b = appendDate(b, a.OnsetDate)
	if a.ReactionCode != "" || a.ReactionDisplay != "" {
		b = append(b, `,"reaction":[{"manifestation":[`...)
		b = concept(b, SystemSNOMED, a.ReactionCode, a.ReactionDisplay, "", "", "", a.ReactionDisplay)
		b = append(b, ']')
		if a.ReactionSeverity != "" {
			b = append(b, `,"severity":`...)
			b = appendString(b, a.ReactionSeverity)
		}
		b = append(b, `}]`...)
	}
	return append(b, '}')
}

func allergyVerificationDisplay(code string) string {
	switch code {
	case "confirmed":
		return "Confirmed"
	case "unconfirmed":
		return "Unconfirmed"
	case "refuted":
		return "Refuted"
	case "entered-in-error":
		return "Entered in Error"
	}
	return ""
}
