package audit

import (
	"fmt"
	"testing"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// testAsOf is the as-of date of hand-built records.
var testAsOf = day("2025-03-31")

func day(s string) models.Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return models.DateOf(t)
}

func at(s string) models.Timestamp {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		return day(s).Start().AddMinutes(9 * 60)
	}
	return models.Timestamp(t.UnixMicro())
}

// rb builds one patient's record by hand.
type rb struct{ rec Record }

var nextIndex int64

func patient(birth string) *rb {
	nextIndex++
	p := &models.Patient{PatientID: fmt.Sprintf("p%d", nextIndex), PatientIndex: nextIndex, BirthDate: day(birth),
		RegistrationDate: day("2000-01-01")}
	return &rb{Record{Patient: p}}
}

func (b *rb) registered(d string) *rb { b.rec.Patient.RegistrationDate = day(d); return b }

// sex sets the patient's sex (female or male).
func (b *rb) sex(s string) *rb { b.rec.Patient.Sex = s; return b }

// died sets the date of death ("" for alive) and the cause of death.
func (b *rb) died(d, cause string) *rb {
	if d != "" {
		b.rec.Patient.DeathDate = day(d)
	}
	b.rec.CauseOfDeath = cause
	return b
}

func (b *rb) cond(key, code, onset, resolved string) *rb {
	c := models.Condition{ConditionID: fmt.Sprintf("c%d", len(b.rec.Conditions)), PatientID: b.rec.Patient.PatientID,
		ConditionKey: key, SnomedCode: code, OnsetDate: day(onset)}
	if resolved != "" {
		c.ResolvedDate = day(resolved)
	}
	b.rec.Conditions = append(b.rec.Conditions, c)
	return b
}

// rx prescribes a medicine (its first regimen's product) or a dm+d product,
// from start to end inclusive ("" for open).
func (b *rb) rx(medOrProduct, start, end string) *rb {
	code := medOrProduct
	if m, ok := datasets.MedicineByKey(medOrProduct); ok && m.DMDCode != "" {
		code = m.DMDCode // the medicine's standard (adult) product
	}
	p := models.Prescription{PatientID: b.rec.Patient.PatientID, DMDCode: code, StartDate: day(start)}
	if end != "" {
		p.EndDate = day(end)
	}
	b.rec.Prescriptions = append(b.rec.Prescriptions, p)
	return b
}

// rxFor prescribes as rx, for the condition recorded last.
func (b *rb) rxFor(medOrProduct, start, end string) *rb {
	b.rx(medOrProduct, start, end)
	b.rec.Prescriptions[len(b.rec.Prescriptions)-1].ConditionID = b.rec.Conditions[len(b.rec.Conditions)-1].ConditionID
	return b
}

// allergy records an allergies.yaml entry with its onset.
func (b *rb) allergy(key, onset string) *rb {
	b.rec.Allergies = append(b.rec.Allergies, models.Allergy{AllergyID: models.ID{Lo: uint64(len(b.rec.Allergies) + 1)},
		PatientID: b.rec.Patient.PatientID, AllergyKey: key, Description: key + " allergy", OnsetDate: day(onset)})
	return b
}

// vaccine records a dose of a vaccine of a programme, given at when.
func (b *rb) vaccine(programme, key string, dose int64, when string) *rb {
	b.rec.Immunisations = append(b.rec.Immunisations, models.Immunisation{ImmunisationID: models.ID{Lo: uint64(len(b.rec.Immunisations) + 1)},
		PatientID: b.rec.Patient.PatientID, VaccineKey: key, Programme: programme, DoseNumber: dose, OccurrenceTime: at(when)})
	return b
}

func (b *rb) obs(key, when string, value float64) *rb {
	o, _ := datasets.ObservationByKey(key)
	b.rec.Observations = append(b.rec.Observations, models.Observation{PatientID: b.rec.Patient.PatientID,
		SnomedCode: o.Snomed, LoincCode: o.Loinc, Value: &value, EffectiveTime: at(when)})
	return b
}

// result records test key with coded result code (a SNOMED CT finding or
// organism that is no observation key: an ECG's rhythm, a culture's growth).
func (b *rb) result(key, code, when string) *rb {
	o, _ := datasets.ObservationByKey(key)
	b.rec.Observations = append(b.rec.Observations, models.Observation{PatientID: b.rec.Patient.PatientID,
		SnomedCode: o.Snomed, ValueCode: code, EffectiveTime: at(when)})
	return b
}

func (b *rb) coded(key, valueKey, when string) *rb {
	o, _ := datasets.ObservationByKey(key)
	v, _ := datasets.ObservationByKey(valueKey)
	b.rec.Observations = append(b.rec.Observations, models.Observation{PatientID: b.rec.Patient.PatientID,
		SnomedCode: o.Snomed, LoincCode: o.Loinc, ValueCode: v.Snomed, EffectiveTime: at(when)})
	return b
}

// reason records a coded reason for no treatment (a medication review with
// the reason as its value), as the generator writes it.
func (b *rb) reason(code, when string) *rb {
	o, _ := datasets.ObservationByKey("medication_review")
	b.rec.Observations = append(b.rec.Observations, models.Observation{PatientID: b.rec.Patient.PatientID,
		SnomedCode: o.Snomed, ValueCode: code, EffectiveTime: at(when)})
	return b
}

func (b *rb) enc(setting, start, end, reason string) *rb {
	b.rec.Encounters = append(b.rec.Encounters, models.Encounter{EncounterID: fmt.Sprintf("e%d", len(b.rec.Encounters)),
		PatientID: b.rec.Patient.PatientID, Setting: setting, StartTime: at(start), EndTime: at(end), ReasonConditionID: reason})
	return b
}

// class sets the last encounter's class (HH: a contact where the patient lives).
func (b *rb) class(c string) *rb {
	b.rec.Encounters[len(b.rec.Encounters)-1].Class = c
	return b
}

// diagnosedBy makes the last condition diagnosed at encounter e<n>.
func (b *rb) diagnosedBy(n int) *rb {
	b.rec.Conditions[len(b.rec.Conditions)-1].DiagnosisEncounterID = fmt.Sprintf("e%d", n)
	return b
}

// testRoles are the practitioners the hand-built records name (by).
var testRoles = map[string]string{"gp1": "GP", "hv1": "health_visitor"}

// by makes practitioner id (testRoles) the last encounter's clinician.
func (b *rb) by(id string) *rb {
	b.rec.Encounters[len(b.rec.Encounters)-1].PractitionerID = id
	return b
}

// atEnc records the last observation at encounter e<n>.
func (b *rb) atEnc(n int) *rb {
	b.rec.Observations[len(b.rec.Observations)-1].EncounterID = fmt.Sprintf("e%d", n)
	return b
}

// rxAt records the last prescription as issued at encounter e<n>.
func (b *rb) rxAt(n int) *rb {
	b.rec.Prescriptions[len(b.rec.Prescriptions)-1].EncounterID = fmt.Sprintf("e%d", n)
	return b
}

// method gives the last encounter an admission method.
func (b *rb) method(m string) *rb {
	b.rec.Encounters[len(b.rec.Encounters)-1].AdmissionMethod = m
	return b
}

// compileOne compiles a one-rule document whose rule body is given.
func compileOne(t *testing.T, body string) (*Rules, error) {
	t.Helper()
	doc := "pending_classes: [{class: insulin, note: test}]\nrules:\n  - id: r\n    title: t\n    severity: audit\n" +
		"    source: {ref: test, says: test, status: approx}\n" + body
	set, _, err := datasets.ParseRules([]byte(doc))
	if err != nil {
		t.Fatalf("rule does not parse: %v\n%s", err, doc)
	}
	return New(set)
}

// run audits hand-built records with one rule and returns its result.
func run(t *testing.T, body string, patients ...*rb) Result {
	t.Helper()
	rules, err := compileOne(t, body)
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuditor(rules, Config{AsOf: testAsOf, HistoryYears: 10, Examples: 5, CauseOfDeath: true, Allergies: true, Roles: testRoles})
	for _, p := range patients {
		a.Add(&p.rec)
	}
	return a.Report().Results[0]
}
