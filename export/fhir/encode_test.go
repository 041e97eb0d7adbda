package fhir

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/fhir/go/fhirversion"
	"github.com/google/fhir/go/jsonformat"

	"github.com/code4health/cohortgen/models"
)

func TestAppendString(t *testing.T) {
	cases := []string{"", "plain", `quote " and \ back`, "tab\tnl\nret\r", "\x00\x01\x1f\x7f", "Zoë Ó Súilleabháin – 😀",
		"bad \xff utf8 \xc3", "\u2028\u2029", "<script>&amp;"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(20))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		out := appendString([]byte("x"), s)
		if out[0] != 'x' {
			t.Fatal("prefix lost")
		}
		var got string
		if err := json.Unmarshal(out[1:], &got); err != nil {
			t.Fatalf("%q -> %s: %v", s, out[1:], err)
		}
		// encoding/json's rule: each invalid byte becomes U+FFFD.
		ref, _ := json.Marshal(s)
		var want string
		json.Unmarshal(ref, &want)
		if got != want || (utf8.ValidString(s) && got != s) {
			t.Errorf("%q -> %s -> %q", s, out[1:], got)
		}
	}
}

func TestAppendDates(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		tm := time.Date(1900+r.IntN(250), time.January, 1, 0, 0, 0, 0, time.UTC).
			Add(time.Duration(r.Int64N(366*24*3600)) * time.Second).
			Add(time.Duration(r.IntN(3)*r.IntN(1_000_000)) * time.Microsecond)
		days := tm.Unix() / 86400
		if tm.Unix()%86400 < 0 {
			days-- // floor: models.DateOf truncates towards zero before 1970
		}
		d := models.Date(days)
		if got, want := string(appendDate(nil, d)), `"`+tm.Format("2006-01-02")+`"`; got != want {
			t.Fatalf("date %v: %s, want %s", tm, got, want)
		}
		ts := models.Timestamp(tm.UnixMicro())
		want := tm.Format("2006-01-02T15:04:05")
		if tm.Nanosecond() != 0 {
			want += tm.Format(".000000")
		}
		if got := string(appendTimestamp(nil, ts)); got != `"`+want+`Z"` {
			t.Fatalf("timestamp %v: %s, want %s", tm, got, want)
		}
	}
}

func TestAppendFloat(t *testing.T) {
	for _, v := range []float64{0, 1, -1, 0.1, 5.2, 123.45, 1e-7, 1e20, 3.0000000000000004, -0.5, 72} {
		s := string(appendFloat(nil, v))
		if strings.ContainsAny(s, "eE") {
			t.Errorf("%v -> %s has an exponent", v, s)
		}
		var got float64
		if err := json.Unmarshal([]byte(s), &got); err != nil || got != v {
			t.Errorf("%v -> %s -> %v (%v)", v, s, got, err)
		}
	}
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return v
}

// get walks a decoded JSON value along a path of keys and indexes.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestResourceContent(t *testing.T) {
	e := &encoder{asOf: models.DateFromYMD(2024, 6, 1)}
	p := models.Patient{PatientID: "p1", NHSNumber: "9990000018", GivenName: "Zoë", FamilyName: "O'Brien", Sex: "female",
		BirthDate: models.DateFromYMD(1950, 2, 28), DeathDate: models.DateFromYMD(2020, 3, 1), EthnicCategory: "N",
		EthnicDesc: "Black or Black British - African", AddressLine: "1 High Street", Town: "Leeds", Postcode: "LS1 9CI",
		Phone: "0113 496 0000", Email: "zoe@example.com", PracticeID: "org1"}
	v := decode(t, e.Patient(nil, &p))
	checks := []struct {
		path []any
		want any
	}{
		{[]any{"meta", "profile", 0}, "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"},
		{[]any{"identifier", 0, "system"}, "https://fhir.nhs.uk/Id/nhs-number"},
		{[]any{"identifier", 0, "value"}, "9990000018"},
		{[]any{"identifier", 0, "extension", 0, "valueCodeableConcept", "coding", 0, "code"}, "01"},
		{[]any{"extension", 0, "url"}, ExtEthnic},
		{[]any{"extension", 0, "valueCodeableConcept", "coding", 0, "system"}, SystemEthnicity},
		{[]any{"extension", 0, "valueCodeableConcept", "coding", 0, "code"}, "N"},
		{[]any{"name", 0, "given", 0}, "Zoë"},
		{[]any{"name", 0, "family"}, "O'Brien"},
		{[]any{"gender"}, "female"},
		{[]any{"birthDate"}, "1950-02-28"},
		{[]any{"deceasedDateTime"}, "2020-03-01"},
		{[]any{"address", 0, "postalCode"}, "LS1 9CI"},
		{[]any{"address", 0, "city"}, "Leeds"},
		{[]any{"telecom", 1, "value"}, "zoe@example.com"},
		{[]any{"generalPractitioner", 0, "reference"}, "Organization/org1"},
		{[]any{"managingOrganization", "reference"}, "Organization/org1"},
	}
	for _, c := range checks {
		if got := get(v, c.path...); got != c.want {
			t.Errorf("Patient %v = %v, want %v", c.path, got, c.want)
		}
	}

	// Bundle mode references.
	eb := &encoder{bundle: true}
	if got := get(decode(t, eb.Patient(nil, &p)), "generalPractitioner", 0, "reference"); got != "urn:uuid:org1" {
		t.Errorf("bundle reference %v", got)
	}

	conds := []models.Condition{
		{ConditionID: "c1", PatientID: "p1", SnomedCode: "44054006", ICD10Code: "E11.9", Description: "Type 2 diabetes mellitus",
			Chronic: true, OnsetDate: models.DateFromYMD(2010, 1, 1), DiagnosisEncounterID: "e1"},
		{ConditionID: "c2", PatientID: "p1", SnomedCode: "10509002", ICD10Code: "J20.9", Description: "Acute bronchitis",
			OnsetDate: models.DateFromYMD(2019, 1, 1), ResolvedDate: models.DateFromYMD(2019, 1, 20)},
	}
	v = decode(t, e.Condition(nil, &conds[1]))
	for path, want := range map[string]any{
		"clinicalStatus.coding.0.code": "resolved", "verificationStatus.coding.0.code": "confirmed",
		"abatementDateTime": "2019-01-20", "onsetDateTime": "2019-01-01", "code.coding.0.system": SystemSNOMED,
		"code.coding.1.system": SystemICD10, "code.coding.1.code": "J20.9", "category.0.coding.0.code": "encounter-diagnosis",
	} {
		if got := get(v, splitPath(path)...); got != want {
			t.Errorf("Condition %s = %v, want %v", path, got, want)
		}
	}
	if v := decode(t, e.Condition(nil, &conds[0])); get(v, "abatementDateTime") != nil || get(v, "clinicalStatus", "coding", 0, "code") != "active" {
		t.Errorf("active condition: %v", v)
	}

	gp := models.Practitioner{PractitionerID: "gp1", PracticeID: "org1", Role: "GP", GivenName: "Amelia", FamilyName: "Patel", ProfessionalNumber: "ZZ0000001"}
	if v := decode(t, e.Practitioner(nil, &gp)); get(v, "identifier", 0, "value") != "ZZ0000001" || get(v, "identifier", 0, "system") != SyntheticProfessionalNumberSystem ||
		get(v, "name", 0, "family") != "Patel" || get(v, "id") != "gp1" {
		t.Errorf("Practitioner: %v", v)
	}
	enc := models.Encounter{EncounterID: "e1", PatientID: "p1", PracticeID: "org1", Class: "IMP", Setting: "gp", PractitionerID: gp.PractitionerID,
		TypeCode: "32485007", TypeDisplay: "Hospital admission", StartTime: models.DateFromYMD(2010, 1, 1).Start().AddMinutes(600),
		EndTime: models.DateFromYMD(2010, 1, 3).Start(), ReasonConditionID: "c2", AdmissionMethod: "21"}
	v = decode(t, e.Encounter(nil, &enc, conds))
	for path, want := range map[string]any{
		"class.system": SystemActCode, "class.code": "IMP", "period.start": "2010-01-01T10:00:00Z", "period.end": "2010-01-03T00:00:00Z",
		"reasonReference.0.reference": "Condition/c2", "diagnosis.0.condition.reference": "Condition/c1",
		"serviceProvider.reference": "Organization/org1", "participant.0.individual.reference": "Practitioner/" + gp.PractitionerID,
		"hospitalization.extension.0.valueCodeableConcept.coding.0.code": "21", "status": "finished",
	} {
		if got := get(v, splitPath(path)...); got != want {
			t.Errorf("Encounter %s = %v, want %v", path, got, want)
		}
	}

	rx := models.Prescription{PrescriptionID: models.ID{Lo: 1}, PatientID: "p1", EncounterID: "e1", ConditionID: "c1", DMDCode: "325278000",
		Medication: "Metformin 500mg tablets", DoseText: "One tablet twice a day", StartDate: models.DateFromYMD(2024, 1, 1),
		EndDate: models.DateFromYMD(2024, 7, 1), PrescriberID: gp.PractitionerID, Type: models.PrescriptionRepeat}
	v = decode(t, e.MedicationRequest(nil, &rx))
	for path, want := range map[string]any{
		"status": "active", "intent": "order", "authoredOn": "2024-01-01", "medicationCodeableConcept.coding.0.system": SystemSNOMED,
		"medicationCodeableConcept.coding.1.system": SystemDMD, "medicationCodeableConcept.coding.1.code": "325278000",
		"dosageInstruction.0.text": "One tablet twice a day", "reasonReference.0.reference": "Condition/c1",
		"encounter.reference": "Encounter/e1", "requester.reference": "Practitioner/" + gp.PractitionerID, "substitution.allowedBoolean": true,
		"courseOfTherapyType.coding.0.code": "continuous",
	} {
		if got := get(v, splitPath(path)...); got != want {
			t.Errorf("MedicationRequest %s = %v, want %v", path, got, want)
		}
	}
	rx.EndDate = models.DateFromYMD(2024, 5, 1)
	if got := get(decode(t, e.MedicationRequest(nil, &rx)), "status"); got != "completed" {
		t.Errorf("ended course: status %v", got)
	}
	rx.Type = models.PrescriptionAcute // a one-off course is not long-term therapy
	if got := get(decode(t, e.MedicationRequest(nil, &rx)), splitPath("courseOfTherapyType.coding.0.code")...); got != "acute" {
		t.Errorf("acute course: courseOfTherapyType %v", got)
	}

	val := 132.0
	obs := []struct {
		o    models.Observation
		cat  string
		path string
		want any
	}{
		{models.Observation{SnomedCode: "271649006", LoincCode: "8480-6", Description: "Systolic blood pressure", Value: &val, Unit: "mm[Hg]"},
			"vital-signs", "valueQuantity.code", "mm[Hg]"},
		{models.Observation{SnomedCode: "999791000000106", LoincCode: "59261-8", Value: &val, Unit: "mmol/mol"},
			"laboratory", "valueQuantity.system", SystemUCUM},
		{models.Observation{SnomedCode: "80274001", Value: &val, Unit: "mL/min/{1.73_m2}"}, "laboratory", "valueQuantity.value", 132.0},
		{models.Observation{SnomedCode: "720433000", LoincCode: "44261-6", Value: &val, Unit: "{score}"}, "survey", "code.coding.1.code", "44261-6"},
		{models.Observation{LoincCode: "72166-2", Description: "Tobacco smoking status", ValueCode: "8517006", ValueDisplay: "Ex-smoker"},
			"social-history", "valueCodeableConcept.coding.0.code", "8517006"},
		{models.Observation{SnomedCode: "401191002", Description: "Diabetic foot examination"}, "exam", "code.coding.0.code", "401191002"},
		{models.Observation{SnomedCode: "117010004", Description: "Urine culture", ValueCode: "112283007", ValueDisplay: "Escherichia coli"},
			"laboratory", "valueCodeableConcept.coding.0.code", "112283007"}, // a culture's growth (h56g)
	}
	for _, c := range obs {
		c.o.ObservationID, c.o.PatientID, c.o.EncounterID = models.ID{Lo: 1}, "p1", "e1"
		v := decode(t, e.Observation(nil, &c.o))
		if got := get(v, "category", 0, "coding", 0, "code"); got != c.cat {
			t.Errorf("Observation %s/%s: category %v, want %s", c.o.SnomedCode, c.o.LoincCode, got, c.cat)
		}
		if got := get(v, splitPath(c.path)...); got != c.want {
			t.Errorf("Observation %s/%s: %s = %v, want %v", c.o.SnomedCode, c.o.LoincCode, c.path, got, c.want)
		}
		if c.o.SnomedCode == "" && len(get(v, "code", "coding").([]any)) != 1 {
			t.Errorf("Observation without SNOMED code: %v", get(v, "code"))
		}
	}
	nan := math.NaN()
	if v := decode(t, e.Observation(nil, &models.Observation{ObservationID: models.ID{Lo: 1}, PatientID: "p", SnomedCode: "1", Value: &nan})); get(v, "valueQuantity") != nil {
		t.Errorf("NaN value written: %v", v)
	}
}

func splitPath(p string) []any {
	var out []any
	for _, s := range strings.Split(p, ".") {
		if n := int(s[0] - '0'); len(s) == 1 && n >= 0 && n <= 9 {
			out = append(out, n)
		} else {
			out = append(out, s)
		}
	}
	return out
}

func TestUUIDv5(t *testing.T) {
	// RFC 4122 appendix B style check of the v5 implementation: the DNS
	// namespace name "www.example.com" gives 2ed6657d-e927-568b-95e1-2665a8aea6a2.
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got := uuidString(uuidV5(dns, "www.example.com")); got != "2ed6657d-e927-568b-95e1-2665a8aea6a2" {
		t.Errorf("uuidV5 = %s", got)
	}
}

// TestGoogleUnmarshallerRejects makes sure the validating parser used by
// TestValidateSample does reject invalid resources, so that test can fail.
func TestGoogleUnmarshallerRejects(t *testing.T) {
	um, err := jsonformat.NewUnmarshaller("UTC", fhirversion.R4)
	if err != nil {
		t.Fatal(err)
	}
	good := `{"resourceType":"Patient","id":"a","gender":"female"}`
	if _, err := um.Unmarshal([]byte(good)); err != nil {
		t.Fatalf("good resource rejected: %v", err)
	}
	for _, bad := range []string{
		`{"resourceType":"Patient","id":"a","gender":"x"}`,
		`{"resourceType":"Observation","id":"a","code":{"text":"x"}}`,
		`{"resourceType":"Encounter","id":"a","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Organization/x"}}`,
		`{"resourceType":"Patient","id":"a","birthDate":"1950-13-01"}`,
		`{"resourceType":"Patient","id":"a","colour":"blue"}`,
	} {
		if _, err := um.Unmarshal([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
