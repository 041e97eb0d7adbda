package fhir

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

func TestImmunizationContent(t *testing.T) {
	e := &encoder{}
	at := models.DateFromYMD(2023, 10, 3).Start().AddMinutes(9*60 + 12)
	flu := models.Immunisation{ImmunisationID: models.ID{Lo: 1}, PatientID: "p1", EncounterID: "e1", VaccineKey: "flu_inactivated",
		Programme: "influenza", DoseNumber: 1, ProcedureCode: "822851000000102", ProcedureDisplay: "Seasonal influenza vaccination",
		ProductCode: "348046004", ProductDisplay: "Influenza vaccine (split virion, inactivated)", ReasonConditionID: "c1",
		OccurrenceTime: at}
	v := decode(t, e.Immunization(nil, &flu))
	for path, want := range map[string]any{
		"meta.profile.0": profilePrefix + "Immunization", "status": "completed",
		"extension.0.url": ExtVaccinationProcedure, "extension.0.valueCodeableConcept.coding.0.code": "822851000000102",
		"extension.0.valueCodeableConcept.coding.0.system": SystemSNOMED,
		"vaccineCode.coding.0.system":                      SystemSNOMED, "vaccineCode.coding.0.code": "348046004",
		"vaccineCode.coding.1.system": SystemDMD, "vaccineCode.coding.1.code": "348046004",
		"patient.reference": "Patient/p1", "encounter.reference": "Encounter/e1", "occurrenceDateTime": "2023-10-03T09:12:00Z",
		"reasonReference.0.reference": "Condition/c1", "protocolApplied.0.doseNumberPositiveInt": 1.0,
	} {
		if got := get(v, splitPath(path)...); got != want {
			t.Errorf("Immunization %s = %v, want %v", path, got, want)
		}
	}

	// No codes in the row: the vaccine is text only and no procedure
	// extension is written; a dose before the window has no encounter.
	menb := models.Immunisation{ImmunisationID: models.ID{Lo: 2}, PatientID: "p1", VaccineKey: "menb", Programme: "childhood", DoseNumber: 3,
		ProcedureDisplay: "Meningococcal group B vaccine (MenB)", ProductDisplay: "Meningococcal group B vaccine (MenB)", OccurrenceTime: at}
	v = decode(t, e.Immunization(nil, &menb))
	for _, path := range []string{"extension", "vaccineCode.coding", "encounter", "reasonReference"} {
		if got := get(v, splitPath(path)...); got != nil {
			t.Errorf("uncoded Immunization: %s = %v, want none", path, got)
		}
	}
	if got := get(v, "vaccineCode", "text"); got != "Meningococcal group B vaccine (MenB)" {
		t.Errorf("uncoded Immunization: vaccineCode.text = %v", got)
	}
	if got := get(v, "protocolApplied", 0, "doseNumberPositiveInt"); got != 3.0 {
		t.Errorf("uncoded Immunization: dose %v", got)
	}
	if got := get(decode(t, (&encoder{bundle: true}).Immunization(nil, &flu)), "reasonReference", 0, "reference"); got != "urn:uuid:c1" {
		t.Errorf("bundle reasonReference %v", got)
	}
}

func TestAllergyIntoleranceContent(t *testing.T) {
	e := &encoder{}
	a := models.Allergy{AllergyID: models.ID{Lo: 1}, PatientID: "p1", AllergyKey: "penicillin", SnomedCode: "91936005",
		Description: "Allergy to penicillin", Type: "allergy", Category: "medication", Criticality: "high",
		VerificationStatus: "unconfirmed", ReactionCode: "39579001", ReactionDisplay: "Anaphylaxis", ReactionSeverity: "severe",
		OnsetDate: models.DateFromYMD(1990, 5, 17)}
	v := decode(t, e.AllergyIntolerance(nil, &a))
	for path, want := range map[string]any{
		"meta.profile.0": profilePrefix + "AllergyIntolerance", "clinicalStatus.coding.0.code": "active",
		"clinicalStatus.coding.0.system": systemAllergyClin, "verificationStatus.coding.0.code": "unconfirmed",
		"verificationStatus.coding.0.system": systemAllergyVer, "verificationStatus.coding.0.display": "Unconfirmed",
		"type": "allergy", "category.0": "medication", "criticality": "high",
		"code.coding.0.system": SystemSNOMED, "code.coding.0.code": "91936005", "code.text": "Allergy to penicillin",
		"patient.reference": "Patient/p1", "onsetDateTime": "1990-05-17",
		"reaction.0.manifestation.0.coding.0.code": "39579001", "reaction.0.severity": "severe",
	} {
		if got := get(v, splitPath(path)...); got != want {
			t.Errorf("AllergyIntolerance %s = %v, want %v", path, got, want)
		}
	}
}
