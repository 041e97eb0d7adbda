// Package fhirsample builds synthetic model batches for the FHIR exporter's
// and loader's tests and benchmarks. It does not use the generator: its
// records only have realistic shapes (counts per patient, code lists, string
// lengths, optional fields, a few non-ASCII names), not realistic clinical
// histories, and its dm+d codes are illustrative. Everything is a pure
// function of the seed.
package fhirsample

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/code4health/cohortgen/export/internal/uuid5"
	"github.com/code4health/cohortgen/models"
)

// Shape is the mean number of records per patient.
type Shape struct {
	Conditions, Encounters, Prescriptions, Observations, Immunisations int
	// AllergyOneIn gives one patient in AllergyOneIn an allergy (0: none).
	AllergyOneIn int
}

// Default is the shape of the FHIR benchmark: about 60 encounters, 35
// observations, 8 prescriptions, 4 immunisations and 3 conditions per
// patient, and an allergy for one patient in 4.
var Default = Shape{Conditions: 3, Encounters: 60, Prescriptions: 8, Observations: 35, Immunisations: 4, AllergyOneIn: 4}

// Small is a lighter shape for tests that post data to a server.
var Small = Shape{Conditions: 2, Encounters: 6, Prescriptions: 2, Observations: 5, Immunisations: 2, AllergyOneIn: 4}

// UUID returns a random (version 4 format) UUID drawn from r.
func UUID(r *rand.Rand) string {
	u := uuidBytes(r)
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// uuidID is UUID's id as integers (models.ID), for the rows whose ids are.
func uuidID(r *rand.Rand) models.ID { return models.IDFromBytes(uuidBytes(r)) }

func uuidBytes(r *rand.Rand) [16]byte {
	var u [16]byte
	a, b := r.Uint64(), r.Uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

var towns = []struct{ town, outward, phone string }{
	{"Leeds", "LS1", "0113 496 0"}, {"Sheffield", "S1", "0114 496 0"}, {"Nottingham", "NG1", "0115 496 0"},
	{"Bristol", "BS1", "0117 496 0"}, {"Birmingham", "B1", "0121 496 0"}, {"Manchester", "M1", "0161 496 0"},
	{"Newcastle upon Tyne", "NE1", "0191 498 0"}, {"Liverpool", "L1", "0151 496 0"}, {"London", "SE1", "020 7946 0"},
}

// causesOfDeath are common underlying causes (ICD-10), one with a non-ASCII
// apostrophe to exercise escaping.
var causesOfDeath = []struct{ icd10, text string }{
	{"I21.9", "Acute myocardial infarction, unspecified"}, {"F03", "Unspecified dementia"},
	{"C34.9", "Malignant neoplasm of bronchus or lung, unspecified"}, {"J44.9", "Chronic obstructive pulmonary disease, unspecified"},
	{"G30.9", "Alzheimer’s disease, unspecified"},
}

var streets = []string{"High Street", "Station Road", "Church Lane", "Mill Road", "Victoria Street", "Queen's Road", "The Green", "Park Avenue"}

// GPsPerPractice is how many practitioners Practitioners gives a practice.
const GPsPerPractice = 2

// practitionerID is the id of GP k of a practice.
func practitionerID(practiceID string, k int) string {
	return uuid5.String(uuid5.New(uuid5.URL, "https://cohortgen.example.org/sample/"+practiceID+"/gp/"+strconv.Itoa(k)))
}

// Practitioners returns the practices' GPs, GPsPerPractice each; the GP
// encounters and prescriptions of Batch refer to them.
func Practitioners(practices []models.Practice) []models.Practitioner {
	var out []models.Practitioner
	for i, p := range practices {
		for k := range GPsPerPractice {
			out = append(out, models.Practitioner{
				PractitionerID: practitionerID(p.PracticeID, k), PracticeID: p.PracticeID, Role: "GP",
				GivenName: []string{"Amelia", "Oliver", "Priya"}[(i+k)%3], FamilyName: []string{"Patel", "Smith", "Okafor", "Jones"}[(i+k)%4],
				ProfessionalNumber: fmt.Sprintf("ZZ%07d", len(out)+1),
			})
		}
	}
	return out
}

// Practices returns n synthetic GP practices.
func Practices(seed uint64, n int) []models.Practice {
	r := rand.New(rand.NewPCG(seed, 0xbeef))
	out := make([]models.Practice, n)
	for i := range out {
		t := towns[r.IntN(len(towns))]
		out[i] = models.Practice{
			PracticeID:  UUID(r),
			ODSCode:     fmt.Sprintf("ZZ%04d", i+1),
			Name:        fmt.Sprintf("%s %s Surgery", t.town, []string{"Central", "Park", "Riverside", "Health Centre", "Medical Practice"}[r.IntN(5)]),
			AddressLine: fmt.Sprintf("%d %s", 1+r.IntN(200), streets[r.IntN(len(streets))]),
			Town:        t.town,
			Postcode:    fmt.Sprintf("%s %dCI", t.outward, r.IntN(10)),
			Region:      "Y63",
			RegionName:  "North East and Yorkshire",
			Phone:       fmt.Sprintf("%s%03d", t.phone, r.IntN(1000)),
		}
	}
	return out
}

var given = []string{"Oliver", "Amelia", "Zoë", "Siân", "Mohammed", "Aoife", "Jack", "Isla", "Noah", "Chloé", "Dawid", "Ngozi", "Harry", "Ava", "Kwabena", "Małgorzata"}
var family = []string{"Smith", "O'Brien", "Jones", "Khan", "Nowak", "Ó Súilleabháin", "Taylor", "Patel", "Brown", "Okoro", "Williams", "Evans", "Ahmed", "Wright"}

var ethnic = []struct{ code, desc string }{
	{"A", "White - British"}, {"B", "White - Irish"}, {"C", "White - Any other White background"},
	{"H", "Asian or Asian British - Indian"}, {"J", "Asian or Asian British - Pakistani"},
	{"M", "Black or Black British - Caribbean"}, {"N", "Black or Black British - African"},
	{"R", "Other Ethnic Groups - Chinese"}, {"Z", "Not stated"},
}

type condCode struct {
	key, snomed, icd10, desc string
	chronic                  bool
}

var condCodes = []condCode{
	{"hypertension", "38341003", "I10", "Hypertensive disorder", true},
	{"type2_diabetes", "44054006", "E11.9", "Type 2 diabetes mellitus", true},
	{"asthma", "195967001", "J45.9", "Asthma", true},
	{"copd", "13645005", "J44.9", "Chronic obstructive lung disease", true},
	{"depression", "35489007", "F32.9", "Depressive disorder", true},
	{"osteoarthritis", "396275006", "M19.9", "Osteoarthritis", true},
	{"acute_bronchitis", "10509002", "J20.9", "Acute bronchitis", false},
	{"sinusitis", "36971009", "J32.9", "Sinusitis", false},
}

type medCode struct{ dmd, name, dose string }

var medCodes = []medCode{
	{"319283006", "Amlodipine 5mg tablets", "One tablet once a day"},
	{"325278000", "Metformin 500mg tablets", "One tablet twice a day with meals"},
	{"320000009", "Atorvastatin 20mg tablets", "One tablet at night"},
	{"317972000", "Omeprazole 20mg gastro-resistant capsules", "One capsule once a day before breakfast"},
	{"321208006", "Sertraline 50mg tablets", "One tablet once a day"},
	{"35936411000001109", "Salbutamol 100micrograms/dose inhaler CFC free", "Two puffs when required, up to four times a day"},
	{"322236009", "Paracetamol 500mg tablets", "One or two tablets up to four times a day; \"max 8 in 24 hours\""},
	{"324095003", "Amoxicillin 500mg capsules", "One capsule three times a day for 5 days"},
}

type obsCode struct {
	snomed, desc, loinc, unit string
	mean, sd                  float64
	decimals                  int
}

var obsCodes = []obsCode{
	{"271649006", "Systolic blood pressure", "8480-6", "mm[Hg]", 128, 14, 0},
	{"271650006", "Diastolic blood pressure", "8462-4", "mm[Hg]", 78, 8, 0},
	{"60621009", "Body mass index", "39156-5", "kg/m2", 27.5, 4.5, 1},
	{"27113001", "Body weight", "29463-7", "kg", 78, 14, 1},
	{"999791000000106", "Haemoglobin A1c level - IFCC standardised", "59261-8", "mmol/mol", 40, 8, 0},
	{"1011481000000105", "eGFR using creatinine (CKD-EPI) per 1.73 square metres", "62238-1", "mL/min/{1.73_m2}", 85, 15, 0},
	{"80274001", "Glomerular filtration rate", "", "mL/min/{1.73_m2}", 85, 15, 0},
	{"1005671000000105", "Serum cholesterol level", "14647-2", "mmol/L", 5.2, 0.9, 1},
	{"364075005", "Heart rate", "8867-4", "/min", 72, 9, 0},
	{"720433000", "Patient Health Questionnaire Nine Item score", "44261-6", "{score}", 5, 4, 0},
	{"59328004", "Forced expired volume in 1 second", "20150-9", "L", 3.0, 0.6, 2},
	{"401191002", "Diabetic foot examination", "", "", 0, 0, -1},
	{"", "Tobacco smoking status", "72166-2", "", 0, 0, -2},
}

// vaccines: one with a dm+d product and a procedure, one with a procedure
// only, one with neither (its name as text), as the generator writes them.
var vaccines = []struct{ key, programme, proc, procDisp, product, productDisp string }{
	{"flu_inactivated", "influenza", "822851000000102", "Seasonal influenza vaccination",
		"348046004", "Influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes"},
	{"ppv23", "pneumococcal", "12866006", "Pneumococcal vaccination", "", "Pneumococcal polysaccharide vaccine (PPV23)"},
	{"menb", "childhood", "", "Meningococcal group B vaccine (MenB)", "", "Meningococcal group B vaccine (MenB)"},
}

var allergies = []struct{ key, snomed, desc, typ, cat, crit, reaction, reactionDisp, severity string }{
	{"penicillin", "91936005", "Allergy to penicillin", "allergy", "medication", "low", "271807003", "Eruption of skin", "mild"},
	{"nsaid", "419901001", "Adverse reaction to non-steroidal anti-inflammatory drug", "intolerance", "medication", "high", "267036007", "Dyspnoea", "moderate"},
	{"peanut", "91935009", "Allergy to peanuts", "allergy", "food", "high", "39579001", "Anaphylaxis", "severe"},
}

var smoking = []struct{ code, desc string }{{"77176002", "Smoker"}, {"8517006", "Ex-smoker"}, {"266919005", "Never smoked tobacco"}}

var settings = []struct{ class, setting, code, display, adm string }{
	{"AMB", "gp", "185347001", "Encounter for problem", ""},
	{"AMB", "gp", "185349003", "Encounter for check up", ""},
	{"VR", "gp", "185317003", "Telephone encounter", ""},
	{"EMER", "ae", "50849002", "Emergency room admission", ""},
	{"IMP", "inpatient", "32485007", "Hospital admission", "21"},
	{"AMB", "outpatient", "11429006", "Consultation", ""},
}

// nhsNumber returns a valid test-range (999...) NHS number for index i.
func nhsNumber(i int64) string {
	for stem := 999_000_000 + i*7; ; stem++ {
		d := fmt.Sprintf("%09d", stem%1_000_000_000)
		sum := 0
		for k := 0; k < 9; k++ {
			sum += int(d[k]-'0') * (10 - k)
		}
		c := 11 - sum%11
		if c == 11 {
			c = 0
		}
		if c != 10 {
			return d + fmt.Sprint(c)
		}
	}
}

func around(r *rand.Rand, mean int) int {
	if mean <= 0 {
		return 0
	}
	n := mean/2 + r.IntN(mean+1)
	return n
}

// historyEnd is the end of the sample's history window (2025-01-01).
var historyEnd = models.DateFromYMD(2025, 1, 1)

// Batch returns the records of patients [first, first+n), each registered
// with one of practices.
func Batch(seed uint64, practices []models.Practice, first int64, n int, shape Shape) *models.Batch {
	b := &models.Batch{}
	b.Reset(first)
	for i := int64(0); i < int64(n); i++ {
		addPatient(b, seed, practices, first+i, shape)
	}
	return b
}

func addPatient(b *models.Batch, seed uint64, practices []models.Practice, idx int64, shape Shape) {
	r := rand.New(rand.NewPCG(seed, uint64(idx)+1))
	pr := &practices[r.IntN(len(practices))]
	t := towns[r.IntN(len(towns))]
	eth := ethnic[r.IntN(len(ethnic))]
	sex := "female"
	if r.IntN(2) == 0 {
		sex = "male"
	}
	birth := models.DateFromYMD(1930+r.IntN(90), 1, 1) + models.Date(r.IntN(365))
	p := models.Patient{
		PatientID:        UUID(r),
		PatientIndex:     idx,
		NHSNumber:        nhsNumber(idx),
		GivenName:        given[r.IntN(len(given))],
		FamilyName:       family[r.IntN(len(family))],
		Sex:              sex,
		BirthDate:        birth,
		EthnicCategory:   eth.code,
		EthnicDesc:       eth.desc,
		AddressLine:      fmt.Sprintf("%d %s", 1+r.IntN(300), streets[r.IntN(len(streets))]),
		Town:             t.town,
		Postcode:         fmt.Sprintf("%s %dCI", t.outward, r.IntN(10)),
		Region:           "Y63",
		RegionName:       "North East and Yorkshire",
		Phone:            fmt.Sprintf("%s%03d", t.phone, r.IntN(1000)),
		PracticeID:       pr.PracticeID,
		RegistrationDate: birth + models.Date(r.IntN(3650)),
	}
	p.Email = fmt.Sprintf("patient%d@example.com", idx)
	end := historyEnd
	if r.IntN(20) == 0 {
		p.DeathDate = historyEnd - models.Date(1+r.IntN(2000))
		end = p.DeathDate
		// Picked by index, not drawn, so the rest of the sample is as before.
		c := causesOfDeath[idx%int64(len(causesOfDeath))]
		p.CauseOfDeathCode, p.CauseOfDeath = c.icd10, c.text
	}
	b.Patients = append(b.Patients, p)

	// Encounters over the ten years before end (or since birth).
	start := end - 3650
	if start < birth {
		start = birth
	}
	span := int(end - start)
	if span < 1 {
		span = 1
	}
	nEnc := around(r, shape.Encounters)
	e0 := len(b.Encounters)
	for k := 0; k < nEnc; k++ {
		s := settings[r.IntN(len(settings))]
		st := (start + models.Date(r.IntN(span))).Start().AddMinutes(8*60 + r.IntN(10*60))
		if r.IntN(10) == 0 {
			st += models.Timestamp(r.IntN(60_000_000)) // some non-whole seconds
		}
		dur := 10 + r.IntN(20)
		if s.setting == "inpatient" {
			dur = 60 * 24 * (1 + r.IntN(7))
		}
		b.Encounters = append(b.Encounters, models.Encounter{
			EncounterID: UUID(r), PatientID: p.PatientID, PracticeID: p.PracticeID,
			Class: s.class, Setting: s.setting, TypeCode: s.code, TypeDisplay: s.display,
			StartTime: st, EndTime: st.AddMinutes(dur), AdmissionMethod: s.adm,
		})
	}
	encs := b.Encounters[e0:]
	sort.Slice(encs, func(i, j int) bool { return encs[i].StartTime < encs[j].StartTime })
	for k := range encs {
		if encs[k].Setting == "gp" {
			encs[k].PractitionerID = practitionerID(p.PracticeID, int(encs[k].StartTime)&1)
		}
	}

	// Conditions, some diagnosed at one of the encounters.
	nCond := around(r, shape.Conditions)
	c0 := len(b.Conditions)
	for k := 0; k < nCond; k++ {
		cc := condCodes[r.IntN(len(condCodes))]
		c := models.Condition{
			ConditionID: UUID(r), PatientID: p.PatientID, ConditionKey: cc.key,
			SnomedCode: cc.snomed, ICD10Code: cc.icd10, Description: cc.desc, Chronic: cc.chronic,
			OnsetDate: start + models.Date(r.IntN(span)),
		}
		if len(encs) > 0 && r.IntN(2) == 0 {
			e := &encs[r.IntN(len(encs))]
			c.DiagnosisEncounterID = e.EncounterID
			c.OnsetDate = e.StartTime.Date()
		}
		if !cc.chronic && c.OnsetDate+30 < end {
			c.ResolvedDate = c.OnsetDate + models.Date(7+r.IntN(21))
		}
		b.Conditions = append(b.Conditions, c)
	}
	conds := b.Conditions[c0:]
	for k := range encs {
		if len(conds) > 0 && r.IntN(3) == 0 {
			encs[k].ReasonConditionID = conds[r.IntN(len(conds))].ConditionID
		}
	}

	// Prescriptions: issued at an encounter, for a condition.
	if len(conds) > 0 && len(encs) > 0 {
		for k, n := 0, around(r, shape.Prescriptions); k < n; k++ {
			m := medCodes[r.IntN(len(medCodes))]
			e := &encs[r.IntN(len(encs))]
			rx := models.Prescription{
				PrescriptionID: uuidID(r), PatientID: p.PatientID, EncounterID: e.EncounterID,
				ConditionID: conds[r.IntN(len(conds))].ConditionID, DMDCode: m.dmd, Medication: m.name,
				DoseText: m.dose, StartDate: e.StartTime.Date(), PrescriberID: e.PractitionerID, Type: models.PrescriptionRepeat,
			}
			if r.IntN(3) > 0 {
				rx.EndDate = rx.StartDate + models.Date(28+r.IntN(365))
			}
			b.Prescriptions = append(b.Prescriptions, rx)
		}
	}

	// Observations at encounters.
	if len(encs) > 0 {
		o0 := len(b.Observations)
		for k, n := 0, around(r, shape.Observations); k < n; k++ {
			oc := obsCodes[r.IntN(len(obsCodes))]
			e := &encs[r.IntN(len(encs))]
			o := models.Observation{
				ObservationID: uuidID(r), PatientID: p.PatientID, EncounterID: e.EncounterID,
				SnomedCode: oc.snomed, LoincCode: oc.loinc, Description: oc.desc, Unit: oc.unit,
				EffectiveTime: e.StartTime.AddMinutes(5),
			}
			switch oc.decimals {
			case -1: // a procedure: no value
			case -2:
				s := smoking[r.IntN(len(smoking))]
				o.ValueCode, o.ValueDisplay = s.code, s.desc
			default:
				v := oc.mean + oc.sd*r.NormFloat64()
				if v < 0 {
					v = 0
				}
				pow := []float64{1, 10, 100}[oc.decimals]
				v = float64(int64(v*pow+0.5)) / pow
				o.Value = &v
			}
			b.Observations = append(b.Observations, o)
		}
		obs := b.Observations[o0:]
		sort.SliceStable(obs, func(i, j int) bool { return obs[i].EffectiveTime < obs[j].EffectiveTime })
	}

	addImmunisations(b, r, &p, encs, conds, start, shape)
}

// addImmunisations adds doses, some at an encounter (one for a condition)
// and some before the window with none, and for some patients an allergy.
// It draws last, so the records above are the same with or without it.
func addImmunisations(b *models.Batch, r *rand.Rand, p *models.Patient, encs []models.Encounter, conds []models.Condition,
	start models.Date, shape Shape) {
	i0 := len(b.Immunisations)
	for k, n := 0, around(r, shape.Immunisations); k < n; k++ {
		v := vaccines[r.IntN(len(vaccines))]
		im := models.Immunisation{
			ImmunisationID: uuidID(r), PatientID: p.PatientID, VaccineKey: v.key, Programme: v.programme,
			DoseNumber: int64(1 + r.IntN(3)), ProcedureCode: v.proc, ProcedureDisplay: v.procDisp,
			ProductCode: v.product, ProductDisplay: v.productDisp,
			OccurrenceTime: (p.BirthDate + models.Date(r.IntN(int(max(1, start-p.BirthDate))))).Start().AddMinutes(9 * 60),
		}
		if len(encs) > 0 && r.IntN(4) > 0 {
			e := &encs[r.IntN(len(encs))]
			im.EncounterID, im.OccurrenceTime = e.EncounterID, e.StartTime.AddMinutes(2)
			if v.programme == "influenza" && len(conds) > 0 && r.IntN(2) == 0 {
				im.ReasonConditionID = conds[r.IntN(len(conds))].ConditionID
			}
		}
		b.Immunisations = append(b.Immunisations, im)
	}
	imms := b.Immunisations[i0:]
	sort.SliceStable(imms, func(i, j int) bool { return imms[i].OccurrenceTime < imms[j].OccurrenceTime })
	if shape.AllergyOneIn > 0 && r.IntN(shape.AllergyOneIn) == 0 {
		a := allergies[r.IntN(len(allergies))]
		ver := "unconfirmed"
		if r.IntN(10) == 0 {
			ver = "confirmed"
		}
		b.Allergies = append(b.Allergies, models.Allergy{
			AllergyID: uuidID(r), PatientID: p.PatientID, AllergyKey: a.key, SnomedCode: a.snomed, Description: a.desc,
			Type: a.typ, Category: a.cat, Criticality: a.crit, VerificationStatus: ver,
			ReactionCode: a.reaction, ReactionDisplay: a.reactionDisp, ReactionSeverity: a.severity,
			OnsetDate: p.BirthDate + models.Date(r.IntN(int(max(1, start-p.BirthDate)))),
		})
	}
}
