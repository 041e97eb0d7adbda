package models

// Patient is one synthetic person registered with a GP practice.
type Patient struct {
	PatientID        string `parquet:"patient_id" json:"patient_id"`
	PatientIndex     int64  `parquet:"patient_index" json:"patient_index"` // i in "patient i is a pure function of (seed, i, options)"
	NHSNumber        string `parquet:"nhs_number" json:"nhs_number"`       // 10 digits, test range, valid mod-11 check digit
	GivenName        string `parquet:"given_name" json:"given_name"`
	FamilyName       string `parquet:"family_name" json:"family_name"`
	Sex              string `parquet:"sex" json:"sex"` // "female" | "male" (FHIR administrative gender codes)
	BirthDate        Date   `parquet:"birth_date,date" json:"birth_date"`
	DeathDate        Date   `parquet:"death_date,date,optional" json:"death_date"`
	EthnicCategory   string `parquet:"ethnic_category" json:"ethnic_category"` // NHS ethnic category code, A-Z
	EthnicDesc       string `parquet:"ethnic_description" json:"ethnic_description"`
	AddressLine      string `parquet:"address_line" json:"address_line"`
	Town             string `parquet:"town" json:"town"`
	Postcode         string `parquet:"postcode" json:"postcode"` // never issuable by Royal Mail
	Region           string `parquet:"region" json:"region"`     // NHS England region code, e.g. "Y63"
	RegionName       string `parquet:"region_name" json:"region_name"`
	Phone            string `parquet:"phone" json:"phone"` // Ofcom drama range
	Email            string `parquet:"email" json:"email"` // reserved example domain
	PracticeID       string `parquet:"practice_id" json:"practice_id"`
	RegistrationDate Date   `parquet:"registration_date,date" json:"registration_date"`
	// Cohort names the scenario cohort (or persona) the patient was generated
	// for; null for ordinary patients.
	Cohort string `parquet:"cohort,optional" json:"cohort"`
	// CohortStory is a persona's story from its scenario (who they are, why
	// they are in the course); null for everyone else.
	CohortStory string `parquet:"cohort_story,optional" json:"cohort_story"`
	// CauseOfDeathCode is the underlying cause of death (ICD-10) and
	// CauseOfDeath its description; both null while alive.
	CauseOfDeathCode string `parquet:"cause_of_death_code,optional" json:"cause_of_death_code"`
	CauseOfDeath     string `parquet:"cause_of_death,optional" json:"cause_of_death"`
}

// Practice is a synthetic GP practice.
type Practice struct {
	PracticeID  string `parquet:"practice_id" json:"practice_id"`
	ODSCode     string `parquet:"ods_code" json:"ods_code"` // "ZZ" + 4 digits: cannot be a real GP practice code
	Name        string `parquet:"name" json:"name"`
	AddressLine string `parquet:"address_line" json:"address_line"`
	Town        string `parquet:"town" json:"town"`
	Postcode    string `parquet:"postcode" json:"postcode"`
	Region      string `parquet:"region" json:"region"`
	RegionName  string `parquet:"region_name" json:"region_name"`
	Phone       string `parquet:"phone" json:"phone"`
}

// Practitioner is a synthetic clinician working at a practice: the engine
// generates a few GPs, practice nurses and healthcare assistants per practice
// (datasets/workforce.yaml), and encounters and prescriptions refer to them.
type Practitioner struct {
	PractitionerID     string `parquet:"practitioner_id" json:"practitioner_id"`
	PracticeID         string `parquet:"practice_id" json:"practice_id"`
	Role               string `parquet:"role" json:"role"`                 // GP | practice_nurse | healthcare_assistant
	RoleCode           string `parquet:"role_code" json:"role_code"`       // SNOMED CT occupation
	RoleDisplay        string `parquet:"role_display" json:"role_display"` // its term
	Title              string `parquet:"title,optional" json:"title"`      // name prefix ("Dr"); null for none
	GivenName          string `parquet:"given_name" json:"given_name"`
	FamilyName         string `parquet:"family_name" json:"family_name"`
	ProfessionalNumber string `parquet:"professional_number" json:"professional_number"` // "ZZ" + 7 digits: no professional register issues it
}

// Condition is a diagnosis on a patient's problem list.
type Condition struct {
	ConditionID  string `parquet:"condition_id" json:"condition_id"`
	PatientID    string `parquet:"patient_id" json:"patient_id"`
	ConditionKey string `parquet:"condition_key" json:"condition_key"` // catalogue key, e.g. "type2_diabetes"
	SnomedCode   string `parquet:"snomed_code" json:"snomed_code"`
	ICD10Code    string `parquet:"icd10_code" json:"icd10_code"`
	Description  string `parquet:"description" json:"description"`
	Chronic      bool   `parquet:"chronic" json:"chronic"`
	OnsetDate    Date   `parquet:"onset_date,date" json:"onset_date"`
	ResolvedDate Date   `parquet:"resolved_date,date,optional" json:"resolved_date"`
	// DiagnosisEncounterID is the encounter at which the condition was
	// diagnosed, when that falls inside the history window.
	DiagnosisEncounterID string `parquet:"diagnosis_encounter_id,optional" json:"diagnosis_encounter_id"`
}

// Encounter is a contact with a health service.
type Encounter struct {
	EncounterID       string    `parquet:"encounter_id" json:"encounter_id"`
	PatientID         string    `parquet:"patient_id" json:"patient_id"`
	PracticeID        string    `parquet:"practice_id" json:"practice_id"` // the patient's registered practice
	Class             string    `parquet:"class" json:"class"`             // FHIR v3 ActCode: AMB, EMER, IMP, SS, VR, HH
	Setting           string    `parquet:"setting" json:"setting"`         // gp | ae | inpatient | outpatient
	TypeCode          string    `parquet:"type_code" json:"type_code"`     // SNOMED CT
	TypeDisplay       string    `parquet:"type_display" json:"type_display"`
	StartTime         Timestamp `parquet:"start_time,timestamp(microsecond:utc)" json:"start_time"`
	EndTime           Timestamp `parquet:"end_time,timestamp(microsecond:utc)" json:"end_time"`
	ReasonConditionID string    `parquet:"reason_condition_id,optional" json:"reason_condition_id"`
	AdmissionMethod   string    `parquet:"admission_method,optional" json:"admission_method"` // NHS Data Dictionary code, admissions only
	// PractitionerID is the practice clinician who saw the patient (GP
	// settings); null where no practice clinician applies (hospital).
	PractitionerID string `parquet:"practitioner_id,optional" json:"practitioner_id"`
}

// Prescription is a course of a medicine: a repeat authorisation issued at an
// encounter and running from start to end date. A repeat authorised before
// the history window and still in force when it opens is history the record
// carries (as a condition or a vaccine from before it is), with no
// encounter and no prescriber.
type Prescription struct {
	PrescriptionID ID     `parquet:"prescription_id" json:"prescription_id"`
	PatientID      string `parquet:"patient_id" json:"patient_id"`
	EncounterID    string `parquet:"encounter_id,optional" json:"encounter_id"`
	ConditionID    string `parquet:"condition_id" json:"condition_id"` // the indication
	DMDCode        string `parquet:"dmd_code" json:"dmd_code"`         // dm+d VMP id
	Medication     string `parquet:"medication" json:"medication"`
	DoseText       string `parquet:"dose_text" json:"dose_text"`
	StartDate      Date   `parquet:"start_date,date" json:"start_date"`
	EndDate        Date   `parquet:"end_date,date,optional" json:"end_date"`
	// PrescriberID is the practitioner who issued it: the clinician of its
	// encounter; null when that encounter has none.
	PrescriberID string `parquet:"prescriber_id,optional" json:"prescriber_id"`
	// Type is how it was issued, as GP systems record it: PrescriptionAcute,
	// a one-off course (an antibiotic, the anticipatory medicines of the last
	// days), or PrescriptionRepeat, a long-term medicine re-issued until it is
	// stopped or changed.
	Type string `parquet:"prescription_type" json:"prescription_type"`
}

// Prescription types (Prescription.Type).
const (
	PrescriptionAcute  = "acute"
	PrescriptionRepeat = "repeat"
)

// Observation is a measurement or finding recorded at an encounter.
type Observation struct {
	ObservationID ID        `parquet:"observation_id" json:"observation_id"`
	PatientID     string    `parquet:"patient_id" json:"patient_id"`
	EncounterID   string    `parquet:"encounter_id" json:"encounter_id"`
	SnomedCode    string    `parquet:"snomed_code" json:"snomed_code"`
	LoincCode     string    `parquet:"loinc_code,optional" json:"loinc_code"`
	Description   string    `parquet:"description" json:"description"`
	Value         *float64  `parquet:"value" json:"value"`                    // null for coded findings
	Unit          string    `parquet:"unit,optional" json:"unit"`             // UCUM
	ValueCode     string    `parquet:"value_code,optional" json:"value_code"` // SNOMED CT, coded findings only
	ValueDisplay  string    `parquet:"value_display,optional" json:"value_display"`
	EffectiveTime Timestamp `parquet:"effective_time,timestamp(microsecond:utc)" json:"effective_time"`
}

// Immunisation is one vaccine dose given to the patient. A dose inside the
// history window has the immunisation visit it was given at; a dose given
// before the window is history the record carries (as a condition diagnosed
// before the window does), with no encounter.
type Immunisation struct {
	ImmunisationID   ID     `parquet:"immunisation_id" json:"immunisation_id"`
	PatientID        string `parquet:"patient_id" json:"patient_id"`
	EncounterID      string `parquet:"encounter_id,optional" json:"encounter_id"`
	VaccineKey       string `parquet:"vaccine_key" json:"vaccine_key"`                // datasets/immunisations.yaml key, e.g. "mmr"
	Programme        string `parquet:"programme" json:"programme"`                    // childhood | school | influenza | pneumococcal | shingles | covid19
	DoseNumber       int64  `parquet:"dose_number" json:"dose_number"`                // 1-based within the vaccine's course
	ProcedureCode    string `parquet:"procedure_code,optional" json:"procedure_code"` // SNOMED CT vaccination procedure; null where none was verified
	ProcedureDisplay string `parquet:"procedure_display" json:"procedure_display"`
	ProductCode      string `parquet:"product_code,optional" json:"product_code"` // dm+d VMP; null where none was verified
	ProductDisplay   string `parquet:"product_display" json:"product_display"`
	// ReasonConditionID is the condition that made a seasonal influenza or
	// COVID-19 vaccine due (a clinical risk group, immunosuppression); null
	// otherwise.
	ReasonConditionID string    `parquet:"reason_condition_id,optional" json:"reason_condition_id"`
	OccurrenceTime    Timestamp `parquet:"occurrence_time,timestamp(microsecond:utc)" json:"occurrence_time"`
}

// Allergy is a recorded allergy or intolerance (an entry on the GP
// record's allergy list, not necessarily a confirmed hypersensitivity).
type Allergy struct {
	AllergyID          ID     `parquet:"allergy_id" json:"allergy_id"`
	PatientID          string `parquet:"patient_id" json:"patient_id"`
	AllergyKey         string `parquet:"allergy_key" json:"allergy_key"` // datasets/allergies.yaml key, e.g. "penicillin"
	SnomedCode         string `parquet:"snomed_code" json:"snomed_code"`
	Description        string `parquet:"description" json:"description"`
	Type               string `parquet:"type" json:"type"`                               // FHIR: allergy | intolerance
	Category           string `parquet:"category" json:"category"`                       // FHIR: medication | food | environment | biologic
	Criticality        string `parquet:"criticality" json:"criticality"`                 // FHIR: low | high | unable-to-assess
	VerificationStatus string `parquet:"verification_status" json:"verification_status"` // FHIR: unconfirmed | confirmed
	ReactionCode       string `parquet:"reaction_code" json:"reaction_code"`             // SNOMED CT manifestation
	ReactionDisplay    string `parquet:"reaction_display" json:"reaction_display"`
	ReactionSeverity   string `parquet:"reaction_severity" json:"reaction_severity"` // FHIR: mild | moderate | severe
	OnsetDate          Date   `parquet:"onset_date,date" json:"onset_date"`
}

// Registration is a period on a GP practice's list: the current one (end
// date null; for a patient who died, the death date), and the earlier one of
// a patient who moved practice.
type Registration struct {
	RegistrationID ID     `parquet:"registration_id" json:"registration_id"`
	PatientID      string `parquet:"patient_id" json:"patient_id"`
	PracticeID     string `parquet:"practice_id" json:"practice_id"`
	StartDate      Date   `parquet:"start_date,date" json:"start_date"`
	EndDate        Date   `parquet:"end_date,date,optional" json:"end_date"` // the last day on the list; null while current
}

// Table names, in the order exporters write them.
const (
	TablePatients      = "patients"
	TablePractices     = "practices"
	TablePractitioners = "practitioners"
	TableConditions    = "conditions"
	TableEncounters    = "encounters"
	TablePrescriptions = "prescriptions"
	TableObservations  = "observations"
	TableImmunisations = "immunisations"
	TableAllergies     = "allergies"
	TableRegistrations = "registrations"
)

// PatientTables are the tables filled patient by patient.
var PatientTables = []string{TablePatients, TableConditions, TableEncounters, TablePrescriptions, TableObservations,
	TableImmunisations, TableAllergies, TableRegistrations}

// Batch holds the records of a run of consecutive patients, table by table,
// each in patient order and, within a patient, in time order.
type Batch struct {
	FirstPatient  int64 // index of the first patient in the batch
	Patients      []Patient
	Conditions    []Condition
	Encounters    []Encounter
	Prescriptions []Prescription
	Observations  []Observation
	Immunisations []Immunisation
	Allergies     []Allergy
	Registrations []Registration
	// Changes is set on a delta run (generate --since): what each row does
	// to the base dataset. Nil on an ordinary run.
	Changes *Changes
}

// A delta row's operation on the base dataset: a row it does not hold yet,
// or the new state of one it holds (matched by the row's id).
const (
	OpInsert = "insert"
	OpUpdate = "update"
)

// Changes holds, parallel to a delta batch's tables, each row's operation.
// A patient row with no operation ("") is unchanged: it is in the batch only
// to carry that patient's changed rows, and tabular writers leave it out.
type Changes struct {
	Patients, Conditions, Encounters, Prescriptions, Observations, Immunisations, Allergies, Registrations []string
}

func (c *Changes) reset() {
	c.Patients, c.Conditions, c.Encounters = c.Patients[:0], c.Conditions[:0], c.Encounters[:0]
	c.Prescriptions, c.Observations = c.Prescriptions[:0], c.Observations[:0]
	c.Immunisations, c.Allergies, c.Registrations = c.Immunisations[:0], c.Allergies[:0], c.Registrations[:0]
}

// Changed is a delta row: its operation, then the row's own columns.
type Changed[T any] struct {
	Op  string `parquet:"op" json:"op"`
	Row T      `parquet:",inline" json:"row"`
}

// AppendChanged appends each row with its operation to dst.
func AppendChanged[T any](dst []Changed[T], rows []T, ops []string) []Changed[T] {
	for i := range rows {
		dst = append(dst, Changed[T]{Op: ops[i], Row: rows[i]})
	}
	return dst
}

// Reset empties the batch, keeping its capacity.
func (b *Batch) Reset(first int64) {
	b.FirstPatient = first
	if b.Changes != nil {
		b.Changes.reset()
	}
	b.Patients = b.Patients[:0]
	b.Conditions = b.Conditions[:0]
	b.Encounters = b.Encounters[:0]
	b.Prescriptions = b.Prescriptions[:0]
	b.Observations = b.Observations[:0]
	b.Immunisations = b.Immunisations[:0]
	b.Allergies = b.Allergies[:0]
	b.Registrations = b.Registrations[:0]
}

// Rows returns the number of rows per patient table.
func (b *Batch) Rows() map[string]int {
	return map[string]int{
		TablePatients:      len(b.Patients),
		TableConditions:    len(b.Conditions),
		TableEncounters:    len(b.Encounters),
		TablePrescriptions: len(b.Prescriptions),
		TableObservations:  len(b.Observations),
		TableImmunisations: len(b.Immunisations),
		TableAllergies:     len(b.Allergies),
		TableRegistrations: len(b.Registrations),
	}
}
