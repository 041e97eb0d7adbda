package fhir

import (
	"html"
	"math"

	"github.com/code4health/cohortgen/export/internal/perpatient"
	"github.com/code4health/cohortgen/models"
)

// encoder appends FHIR R4 JSON for the model records. It is specialised to
// the shapes cohortgen produces: every key is a constant, every value goes
// through the appenders in json.go, and nothing is reflected or boxed.
//
// In NDJSON mode references are relative literal references ("Patient/<id>");
// in Bundle mode they are "urn:uuid:<id>", matching each entry's fullUrl.
type encoder struct {
	bundle bool
	asOf   models.Date
}

// ref appends {"reference":"Type/id"} or {"reference":"urn:uuid:id"}.
func (e *encoder) ref(b []byte, typ, id string) []byte {
	if e.bundle {
		b = append(b, `{"reference":"urn:uuid:`...)
	} else {
		b = append(b, `{"reference":"`...)
		b = append(b, typ...)
		b = append(b, '/')
	}
	b = appendRaw(b, id)
	return append(b, `"}`...)
}

// appendRaw appends s, unquoted, escaping it if needed (ids are UUIDs, so
// this is a plain copy in practice).
func appendRaw(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if needsEscape[s[i]] {
			q := appendString(nil, s)
			return append(b, q[1:len(q)-1]...)
		}
	}
	return append(b, s...)
}

// head appends {"resourceType":"T","id":"…","meta":{"profile":["…UKCore-T"]}
func head(b []byte, typ, id string) []byte {
	b = append(b, `{"resourceType":"`...)
	b = append(b, typ...)
	b = append(b, `","id":`...)
	b = appendString(b, id)
	return headTail(b, typ)
}

// headID is head for an id held as integers, formatted straight into b (a
// UUID needs no JSON escaping).
func headID(b []byte, typ string, id models.ID) []byte {
	b = append(b, `{"resourceType":"`...)
	b = append(b, typ...)
	b = append(b, `","id":"`...)
	b = id.AppendTo(b)
	b = append(b, '"')
	return headTail(b, typ)
}

func headTail(b []byte, typ string) []byte {
	b = append(b, `,"meta":{"profile":["`+profilePrefix...)
	b = append(b, typ...)
	return append(b, `"]}`...)
}

// coding appends {"system":"…","code":"…","display":"…"} (display omitted when empty).
func coding(b []byte, system, code, display string) []byte {
	b = append(b, `{"system":"`...)
	b = append(b, system...)
	b = append(b, `","code":`...)
	b = appendString(b, code)
	if display != "" {
		b = append(b, `,"display":`...)
		b = appendString(b, display)
	}
	return append(b, '}')
}

// concept appends a CodeableConcept with up to two codings (each written
// only when its code is set) and a text. With no coding and no text it
// writes {"text":"unknown"} rather than an empty object, which FHIR forbids.
func concept(b []byte, sys1, code1, disp1, sys2, code2, disp2, text string) []byte {
	b = append(b, '{')
	if code1 != "" || code2 != "" {
		b = append(b, `"coding":[`...)
		if code1 != "" {
			b = coding(b, sys1, code1, disp1)
		}
		if code2 != "" {
			if code1 != "" {
				b = append(b, ',')
			}
			b = coding(b, sys2, code2, disp2)
		}
		b = append(b, ']')
		if text == "" {
			return append(b, '}')
		}
		b = append(b, ',')
	} else if text == "" {
		text = "unknown"
	}
	b = append(b, `"text":`...)
	b = appendString(b, text)
	return append(b, '}')
}

// Patient appends a UKCore-Patient.
func (e *encoder) Patient(b []byte, p *models.Patient) []byte {
	b = head(b, "Patient", p.PatientID)
	if p.Cohort != "" { // the scenario cohort, as the patients table's cohort column
		b = append(b[:len(b)-1], `,"tag":[`...)
		b = coding(b, SystemCohort, p.Cohort, "scenario cohort "+p.Cohort)
		b = append(b, `]}`...)
	}
	if p.CohortStory != "" { // a persona's story, where a reader of the record sees it
		b = append(b, `,"text":{"status":"additional","div":`...)
		b = appendString(b, `<div xmlns="http://www.w3.org/1999/xhtml"><p>`+html.EscapeString(p.CohortStory)+`</p></div>`)
		b = append(b, '}')
	}
	if p.EthnicCategory != "" {
		b = append(b, `,"extension":[{"url":"`+ExtEthnic+`","valueCodeableConcept":{"coding":[`...)
		b = coding(b, SystemEthnicity, p.EthnicCategory, p.EthnicDesc)
		b = append(b, `]}}]`...)
	}
	if p.NHSNumber != "" {
		b = append(b, `,"identifier":[{"extension":[{"url":"`+ExtNHSNumVer+`","valueCodeableConcept":{"coding":[{"system":"`+SystemNHSNumVer+`","code":"01","display":"Number present and verified"}]}}],"system":"`+SystemNHSNumber+`","value":`...)
		b = appendString(b, p.NHSNumber)
		b = append(b, `}]`...)
	}
	b = append(b, `,"active":true,"name":[{"use":"official","family":`...)
	b = appendString(b, p.FamilyName)
	b = append(b, `,"given":[`...)
	b = appendString(b, p.GivenName)
	b = append(b, `]}]`...)
	if p.Phone != "" || p.Email != "" {
		b = append(b, `,"telecom":[`...)
		if p.Phone != "" {
			b = append(b, `{"system":"phone","value":`...)
			b = appendString(b, p.Phone)
			b = append(b, `,"use":"home"}`...)
		}
		if p.Email != "" {
			if p.Phone != "" {
				b = append(b, ',')
			}
			b = append(b, `{"system":"email","value":`...)
			b = appendString(b, p.Email)
			b = append(b, `,"use":"home"}`...)
		}
		b = append(b, ']')
	}
	switch p.Sex {
	case "female", "male", "other", "unknown":
		b = append(b, `,"gender":"`...)
		b = append(b, p.Sex...)
		b = append(b, '"')
	}
	b = append(b, `,"birthDate":`...)
	b = appendDate(b, p.BirthDate)
	if p.DeathDate != models.NoDate {
		b = append(b, `,"deceasedDateTime":`...)
		b = appendDate(b, p.DeathDate)
	}
	b = appendAddress(b, "home", p.AddressLine, p.Town, p.Postcode)
	if p.PracticeID != "" {
		b = append(b, `,"generalPractitioner":[`...)
		b = e.ref(b, "Organization", p.PracticeID)
		b = append(b, `],"managingOrganization":`...)
		b = e.ref(b, "Organization", p.PracticeID)
	}
	return append(b, '}')
}

func appendAddress(b []byte, use, line, town, postcode string) []byte {
	if line == "" && town == "" && postcode == "" {
		return b
	}
	b = append(b, `,"address":[{"use":"`...)
	b = append(b, use...)
	b = append(b, '"')
	if line != "" {
		b = append(b, `,"line":[`...)
		b = appendString(b, line)
		b = append(b, ']')
	}
	if town != "" {
		b = append(b, `,"city":`...)
		b = appendString(b, town)
	}
	if postcode != "" {
		b = append(b, `,"postalCode":`...)
		b = appendString(b, postcode)
	}
	return append(b, `,"country":"GB"}]`...)
}

// Organization appends a UKCore-Organization for a GP practice.
func (e *encoder) Organization(b []byte, p *models.Practice) []byte {
	b = head(b, "Organization", p.PracticeID)
	b = append(b, `,"identifier":[{"system":"`+SystemODS+`","value":`...)
	b = appendString(b, p.ODSCode)
	b = append(b, `}],"active":true,"type":[{"coding":[{"system":"`+systemOrgType+`","code":"prov","display":"Healthcare Provider"}],"text":"GP practice"}],"name":`...)
	b = appendString(b, p.Name)
	if p.Phone != "" {
		b = append(b, `,"telecom":[{"system":"phone","value":`...)
		b = appendString(b, p.Phone)
		b = append(b, `,"use":"work"}]`...)
	}
	b = appendAddress(b, "work", p.AddressLine, p.Town, p.Postcode)
	return append(b, '}')
}

// Practitioner appends a UKCore-Practitioner for a row of the practitioners
// table: the title (Dr) as the name's prefix when it has one, the role's
// SNOMED CT occupation as its qualification.
func (e *encoder) Practitioner(b []byte, gp *models.Practitioner) []byte {
	b = head(b, "Practitioner", gp.PractitionerID)
	b = append(b, `,"identifier":[{"system":"`+SyntheticProfessionalNumberSystem+`","value":`...)
	b = appendString(b, gp.ProfessionalNumber)
	b = append(b, `}],"active":true,"name":[{"use":"official","family":`...)
	b = appendString(b, gp.FamilyName)
	b = append(b, `,"given":[`...)
	b = appendString(b, gp.GivenName)
	b = append(b, ']')
	if gp.Title != "" {
		b = append(b, `,"prefix":[`...)
		b = appendString(b, gp.Title)
		b = append(b, ']')
	}
	b = append(b, `}]`...)
	if gp.RoleCode != "" { // the occupation: GP, practice nurse, healthcare assistant
		b = append(b, `,"qualification":[{"code":{"coding":[`...)
		b = coding(b, SystemSNOMED, gp.RoleCode, gp.RoleDisplay)
		b = append(b, `],"text":`...)
		b = appendString(b, gp.RoleDisplay)
		b = append(b, `}}]`...)
	}
	return append(b, '}')
}

// Condition appends a UKCore-Condition. Chronic conditions are problem-list
// items, the others encounter diagnoses.
func (e *encoder) Condition(b []byte, c *models.Condition) []byte {
	b = head(b, "Condition", c.ConditionID)
	if c.ResolvedDate != models.NoDate {
		b = append(b, `,"clinicalStatus":{"coding":[{"system":"`+systemCondClin+`","code":"resolved","display":"Resolved"}]}`...)
	} else {
		b = append(b, `,"clinicalStatus":{"coding":[{"system":"`+systemCondClin+`","code":"active","display":"Active"}]}`...)
	}
	b = append(b, `,"verificationStatus":{"coding":[{"system":"`+systemCondVer+`","code":"confirmed","display":"Confirmed"}]}`...)
	if c.Chronic {
		b = append(b, `,"category":[{"coding":[{"system":"`+systemCondCat+`","code":"problem-list-item","display":"Problem List Item"}]}]`...)
	} else {
		b = append(b, `,"category":[{"coding":[{"system":"`+systemCondCat+`","code":"encounter-diagnosis","display":"Encounter Diagnosis"}]}]`...)
	}
	b = append(b, `,"code":`...)
	b = concept(b, SystemSNOMED, c.SnomedCode, c.Description, SystemICD10, c.ICD10Code, "", c.Description)
	b = append(b, `,"subject":`...)
	b = e.ref(b, "Patient", c.PatientID)
	b = append(b, `,"onsetDateTime":`...)
	b = appendDate(b, c.OnsetDate)
	if c.ResolvedDate != models.NoDate {
		b = append(b, `,"abatementDateTime":`...)
		b = appendDate(b, c.ResolvedDate)
	}
	b = append(b, `,"recordedDate":`...)
	b = appendDate(b, c.OnsetDate)
	return append(b, '}')
}

// Encounter appends a UKCore-Encounter. conds are the patient's conditions:
// those diagnosed at this encounter are listed in Encounter.diagnosis (the
// link from Condition back to Encounter is not written, so references never
// form a cycle). The encounter's practitioner, if any, is its participant.
func (e *encoder) Encounter(b []byte, enc *models.Encounter, conds []models.Condition) []byte {
	b = head(b, "Encounter", enc.EncounterID)
	b = append(b, `,"status":"finished","class":{"system":"`+SystemActCode+`","code":`...)
	b = appendString(b, enc.Class)
	if d := classDisplay(enc.Class); d != "" {
		b = append(b, `,"display":"`...)
		b = append(b, d...)
		b = append(b, '"')
	}
	b = append(b, '}')
	if enc.TypeCode != "" {
		b = append(b, `,"type":[{"coding":[`...)
		b = coding(b, SystemSNOMED, enc.TypeCode, enc.TypeDisplay)
		b = append(b, `]}]`...)
	}
	b = append(b, `,"subject":`...)
	b = e.ref(b, "Patient", enc.PatientID)
	if enc.PractitionerID != "" {
		b = append(b, `,"participant":[{"type":[{"coding":[{"system":"`+systemEncPartTyp+`","code":"PPRF","display":"primary performer"}]}],"individual":`...)
		b = e.ref(b, "Practitioner", enc.PractitionerID)
		b = append(b, `}]`...)
	}
	b = append(b, `,"period":{"start":`...)
	b = appendTimestamp(b, enc.StartTime)
	if enc.EndTime >= enc.StartTime {
		b = append(b, `,"end":`...)
		b = appendTimestamp(b, enc.EndTime)
	}
	b = append(b, '}')
	if enc.ReasonConditionID != "" {
		b = append(b, `,"reasonReference":[`...)
		b = e.ref(b, "Condition", enc.ReasonConditionID)
		b = append(b, ']')
	}
	n := 0
	for i := range conds {
		if !sameID(conds[i].DiagnosisEncounterID, enc.EncounterID) {
			continue
		}
		if n == 0 {
			b = append(b, `,"diagnosis":[`...)
		} else {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"condition":`...)
		b = e.ref(b, "Condition", conds[i].ConditionID)
		b = append(b, '}')
	}
	if n > 0 {
		b = append(b, ']')
	}
	if enc.AdmissionMethod != "" {
		b = append(b, `,"hospitalization":{"extension":[{"url":"`+ExtAdmMethod+`","valueCodeableConcept":{"coding":[`...)
		b = coding(b, SystemAdmMethod, enc.AdmissionMethod, "")
		b = append(b, `]}}]}`...)
	}
	if enc.PracticeID != "" {
		b = append(b, `,"serviceProvider":`...)
		b = e.ref(b, "Organization", enc.PracticeID)
	}
	return append(b, '}')
}

// MedicationRequest appends a UKCore-MedicationRequest. The dm+d code is
// written twice: under SNOMED CT (dm+d concepts are SNOMED CT UK Drug
// Extension concepts, which is what UK Core's binding expects) and under the
// dm+d system. The prescriber, if any, is the requester.
func (e *encoder) MedicationRequest(b []byte, rx *models.Prescription) []byte {
	b = headID(b, "MedicationRequest", rx.PrescriptionID)
	if rx.EndDate != models.NoDate && (e.asOf == models.NoDate || rx.EndDate <= e.asOf) {
		b = append(b, `,"status":"completed"`...)
	} else {
		b = append(b, `,"status":"active"`...)
	}
	b = append(b, `,"intent":"order","category":[{"coding":[{"system":"`+systemMedReqCat+`","code":"community","display":"Community"}]}],"medicationCodeableConcept":`...)
	b = concept(b, SystemSNOMED, rx.DMDCode, rx.Medication, SystemDMD, rx.DMDCode, rx.Medication, rx.Medication)
	b = append(b, `,"subject":`...)
	b = e.ref(b, "Patient", rx.PatientID)
	if rx.EncounterID != "" {
		b = append(b, `,"encounter":`...)
		b = e.ref(b, "Encounter", rx.EncounterID)
	}
	b = append(b, `,"authoredOn":`...)
	b = appendDate(b, rx.StartDate)
	if rx.PrescriberID != "" {
		b = append(b, `,"requester":`...)
		b = e.ref(b, "Practitioner", rx.PrescriberID)
	}
	if rx.ConditionID != "" {
		b = append(b, `,"reasonReference":[`...)
		b = e.ref(b, "Condition", rx.ConditionID)
		b = append(b, ']')
	}
	switch rx.Type {
	case models.PrescriptionAcute:
		b = append(b, `,"courseOfTherapyType":{"coding":[{"system":"`+systemCourseOfTherapy+`","code":"acute","display":"Short course (acute) therapy"}]}`...)
	case models.PrescriptionRepeat:
		b = append(b, `,"courseOfTherapyType":{"coding":[{"system":"`+systemCourseOfTherapy+`","code":"continuous","display":"Continuous long term therapy"}]}`...)
	}
	if rx.DoseText != "" {
		b = append(b, `,"dosageInstruction":[{"text":`...)
		b = appendString(b, rx.DoseText)
		b = append(b, `}]`...)
	}
	b = append(b, `,"dispenseRequest":{"validityPeriod":{"start":`...)
	b = appendDate(b, rx.StartDate)
	if rx.EndDate != models.NoDate && rx.EndDate >= rx.StartDate {
		b = append(b, `,"end":`...)
		b = appendDate(b, rx.EndDate)
	}
	b = append(b, `}},"substitution":{"allowedBoolean":true}}`...)
	return b
}

// Observation appends a UKCore-Observation.
func (e *encoder) Observation(b []byte, o *models.Observation) []byte {
	b = headID(b, "Observation", o.ObservationID)
	cat := observationCategory(o.SnomedCode, o.LoincCode, o.Unit)
	b = append(b, `,"status":"final","category":[{"coding":[{"system":"`+systemObsCat+`","code":"`...)
	b = append(b, cat...)
	b = append(b, `","display":"`...)
	b = append(b, categoryDisplay(cat)...)
	b = append(b, `"}]}],"code":`...)
	b = concept(b, SystemSNOMED, o.SnomedCode, o.Description, SystemLOINC, o.LoincCode, "", o.Description)
	b = append(b, `,"subject":`...)
	b = e.ref(b, "Patient", o.PatientID)
	if o.EncounterID != "" {
		b = append(b, `,"encounter":`...)
		b = e.ref(b, "Encounter", o.EncounterID)
	}
	b = append(b, `,"effectiveDateTime":`...)
	b = appendTimestamp(b, o.EffectiveTime)
	switch {
	case o.Value != nil && !math.IsNaN(*o.Value) && !math.IsInf(*o.Value, 0):
		b = append(b, `,"valueQuantity":{"value":`...)
		b = appendFloat(b, *o.Value)
		if o.Unit != "" {
			b = append(b, `,"unit":`...)
			b = appendString(b, o.Unit)
			b = append(b, `,"system":"`+SystemUCUM+`","code":`...)
			b = appendString(b, o.Unit)
		}
		b = append(b, '}')
	case o.ValueCode != "":
		b = append(b, `,"valueCodeableConcept":`...)
		b = concept(b, SystemSNOMED, o.ValueCode, o.ValueDisplay, "", "", "", o.ValueDisplay)
	}
	// An observation with neither (a procedure such as a foot check) has no
	// value: obs-6 allows that, and dataAbsentReason would claim a value was
	// expected.
	return append(b, '}')
}

// patientRecords is one patient's slice of each table of a batch.
type patientRecords = perpatient.Records

func forEachPatient(b *models.Batch, fn func(pr *patientRecords) error) error {
	return perpatient.Each(b, "fhir", fn)
}
