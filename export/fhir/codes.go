package fhir

// Profiles, systems and extension URLs. See docs/fhir.md.
const (
	profilePrefix = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"

	SystemNHSNumber = "https://fhir.nhs.uk/Id/nhs-number"
	// SystemCohort codes the scenario cohort a patient was generated for
	// (Patient.meta.tag). The .invalid domain can never resolve (RFC 2606):
	// the system names cohortgen and belongs to no one.
	SystemCohort          = "https://cohortgen.invalid/fhir/CodeSystem/cohort"
	SystemODS             = "https://fhir.nhs.uk/Id/ods-organization-code"
	SystemSNOMED          = "http://snomed.info/sct"
	SystemDMD             = "https://dmd.nhs.uk"
	SystemICD10           = "http://hl7.org/fhir/sid/icd-10"
	SystemLOINC           = "http://loinc.org"
	SystemUCUM            = "http://unitsofmeasure.org"
	SystemActCode         = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	SystemEthnicity       = "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland"
	SystemNHSNumVer       = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
	SystemAdmMethod       = "https://fhir.hl7.org.uk/CodeSystem/UKCore-AdmissionMethodEngland"
	ExtEthnic             = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"
	ExtNHSNumVer          = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
	ExtAdmMethod          = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod"
	systemObsCat          = "http://terminology.hl7.org/CodeSystem/observation-category"
	systemCondClin        = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	systemCondVer         = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	systemCondCat         = "http://terminology.hl7.org/CodeSystem/condition-category"
	systemMedReqCat       = "http://terminology.hl7.org/CodeSystem/medicationrequest-category"
	systemCourseOfTherapy = "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy"
	systemOrgType         = "http://terminology.hl7.org/CodeSystem/organization-type"
	systemEncPartTyp      = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
)

// Resource types in load order: every reference points to a type earlier in
// the list (Encounter → Condition, MedicationRequest → Encounter/Condition,
// Observation → Encounter, Immunization → Encounter/Condition,
// AllergyIntolerance → Patient), so loading type by type never
// forward-references.
var ResourceTypes = []string{"Organization", "Practitioner", "Patient", "Condition", "Encounter", "MedicationRequest",
	"Observation", "Immunization", "AllergyIntolerance"}

// classDisplay gives the display of the v3 ActCode encounter classes.
func classDisplay(code string) string {
	switch code {
	case "AMB":
		return "ambulatory"
	case "EMER":
		return "emergency"
	case "IMP":
		return "inpatient encounter"
	case "SS":
		return "short stay"
	case "VR":
		return "virtual"
	case "HH":
		return "home health"
	case "ACUTE":
		return "inpatient acute"
	case "NONAC":
		return "inpatient non-acute"
	case "OBSENC":
		return "observation encounter"
	case "PRENC":
		return "pre-admission"
	case "FLD":
		return "field"
	}
	return ""
}

// Observation categories (http://terminology.hl7.org/CodeSystem/observation-category).
const (
	catVitalSigns    = "vital-signs"
	catLaboratory    = "laboratory"
	catSurvey        = "survey"
	catSocialHistory = "social-history"
	catExam          = "exam"
)

func categoryDisplay(cat string) string {
	switch cat {
	case catVitalSigns:
		return "Vital Signs"
	case catLaboratory:
		return "Laboratory"
	case catSurvey:
		return "Survey"
	case catSocialHistory:
		return "Social History"
	}
	return "Exam"
}

// Observation category rules, first match wins:
//  1. vital-signs: the LOINC code is one of the FHIR R4 vital signs codes (or
//     the SNOMED code is the matching SNOMED concept);
//  2. survey: an assessment scale score (PHQ-9, GAD-7, AUDIT-C, ...) or a
//     UCUM unit "{score}";
//  3. social-history: smoking and alcohol;
//  4. exam: bedside measurements and examinations (FEV1, peak flow, foot
//     check);
//  5. laboratory: any other observation with a LOINC code, and the SNOMED
//     laboratory results of datasets/data/observation_codes.csv;
//  6. exam: anything else.
var vitalCodes = setOf(
	// LOINC (FHIR R4 vital signs profile codes)
	"85353-1", "85354-9", "8480-6", "8462-4", "8478-0", "8867-4", "9279-1", "8310-5",
	"29463-7", "3141-9", "8302-2", "8306-3", "39156-5", "59408-5", "2708-6", "8287-5", "9843-4",
	// SNOMED CT equivalents
	"75367002", "271649006", "271650006", "6797001", "364075005", "78564009", "86290005",
	"386725007", "27113001", "50373000", "60621009", "431314004", "103228002", "363812007",
)

var surveyCodes = setOf(
	"44249-1", "44261-6", "69737-5", "70274-6", "75626-2", "72133-2", "72172-0", "89204-2",
	"720433000", "836521000000107", "1069661000000109", "763256006",
)

var socialCodes = setOf(
	"72166-2", "11367-0", "8663-7", "74013-4", "11331-6", "68518-0", "63640-7",
	"229819007", "365980008", "228273003", "160573003", "1082641000000106", "230056004", "77176002", "8517006", "266919005",
)

var examCodes = setOf(
	"20150-9", "33452-4", "19935-6", "59328004", "29893006", "401191002",
	"8339-4", "364589006", // birth weight: measured at birth, copied into the record later
)

var labCodes = setOf(
	"999791000000106", "1011481000000105", "80274001", "1005671000000105", "1000731000000107",
	"1019431000000105", "1022191000000100", "1028551000000102",
	"1023491000000104", "165581004", // urine albumin:creatinine ratio, INR
	"117010004", "30088009", // urine and blood culture: a laboratory's coded growth (h56g)
)

func setOf(codes ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(codes))
	for _, c := range codes {
		m[c] = struct{}{}
	}
	return m
}

func observationCategory(snomed, loinc, unit string) string {
	if _, ok := vitalCodes[loinc]; ok && loinc != "" {
		return catVitalSigns
	}
	if _, ok := vitalCodes[snomed]; ok {
		return catVitalSigns
	}
	if _, ok := surveyCodes[loinc]; ok && loinc != "" {
		return catSurvey
	}
	if _, ok := surveyCodes[snomed]; ok || unit == "{score}" {
		return catSurvey
	}
	if _, ok := socialCodes[loinc]; ok && loinc != "" {
		return catSocialHistory
	}
	if _, ok := socialCodes[snomed]; ok {
		return catSocialHistory
	}
	if _, ok := examCodes[loinc]; ok && loinc != "" {
		return catExam
	}
	if _, ok := examCodes[snomed]; ok {
		return catExam
	}
	if _, ok := labCodes[snomed]; ok || loinc != "" {
		return catLaboratory
	}
	return catExam
}
