// Package synth builds realistic-looking model batches for the exporters'
// tests and benchmarks. It is not the generator: the values only need the
// shape of real output (ids made as the generator makes them: a random UUID
// per patient and row ids sharing its first 24 characters; a patient id
// repeated across the patient's rows; codes and descriptions from small
// fixed sets; times increasing within a patient; the optional columns null
// at realistic rates).
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/code4health/cohortgen/models"
)

// Shape is the mean number of rows per patient in each child table.
type Shape struct {
	Encounters, Observations, Prescriptions, Conditions int
}

// DefaultShape is the shape of the shoot-out batch.
var DefaultShape = Shape{Encounters: 60, Observations: 35, Prescriptions: 8, Conditions: 3}

type obsDef struct {
	snomed, loinc, desc, unit string
	lo, hi                    float64
	coded                     bool
	valueCode, valueDisplay   string
}

var (
	obsDefs = []obsDef{
		{"271649006", "8480-6", "Systolic blood pressure", "mm[Hg]", 95, 180, false, "", ""},
		{"271650006", "8462-4", "Diastolic blood pressure", "mm[Hg]", 55, 110, false, "", ""},
		{"27113001", "29463-7", "Body weight", "kg", 3, 140, false, "", ""},
		{"50373000", "8302-2", "Body height", "cm", 50, 200, false, "", ""},
		{"60621009", "39156-5", "Body mass index", "kg/m2", 14, 45, false, "", ""},
		{"78564009", "8867-4", "Pulse rate", "/min", 45, 130, false, "", ""},
		{"86290005", "9279-1", "Respiratory rate", "/min", 10, 30, false, "", ""},
		{"1003671000000109", "", "Haemoglobin concentration", "g/L", 90, 170, false, "", ""},
		{"1107731000000101", "4548-4", "HbA1c level (IFCC)", "mmol/mol", 28, 110, false, "", ""},
		{"1005671000000105", "2093-3", "Serum cholesterol level", "mmol/L", 2.5, 8.5, false, "", ""},
		{"1000731000000107", "2160-0", "Serum creatinine level", "umol/L", 40, 300, false, "", ""},
		{"1011481000000105", "33914-3", "eGFR using creatinine (CKD-EPI)", "mL/min/1.73m2", 10, 120, false, "", ""},
		{"1022441000000109", "", "Serum potassium level", "mmol/L", 3.0, 6.0, false, "", ""},
		{"365980008", "72166-2", "Finding of tobacco use and exposure", "", 0, 0, true, "8517006", "Ex-smoker"},
		{"365980008", "72166-2", "Finding of tobacco use and exposure", "", 0, 0, true, "266919005", "Never smoked tobacco"},
		{"228273003", "", "Finding relating to alcohol drinking behaviour", "", 0, 0, true, "228276006", "Occasional drinker"},
		{"717121000000105", "", "Patient Health Questionnaire 9 score", "{score}", 0, 27, false, "", ""},
		{"1104281000000104", "", "Serum ALT level", "U/L", 5, 120, false, "", ""},
	}
	encTypes = []struct{ class, setting, code, display string }{
		{"AMB", "gp", "185317003", "Telephone encounter"},
		{"AMB", "gp", "185345009", "Encounter for symptom"},
		{"AMB", "gp", "390906007", "Follow-up encounter"},
		{"AMB", "gp", "410620009", "Well child visit"},
		{"VR", "gp", "185316007", "Indirect encounter"},
		{"AMB", "outpatient", "11429006", "Consultation"},
		{"EMER", "ae", "50849002", "Emergency room admission"},
		{"IMP", "inpatient", "32485007", "Hospital admission"},
		{"SS", "inpatient", "305408004", "Admission to surgical department"},
		{"HH", "gp", "439708006", "Home visit"},
	}
	conditions = []struct{ key, snomed, icd10, desc string }{
		{"type2_diabetes", "44054006", "E11", "Type 2 diabetes mellitus"},
		{"hypertension", "38341003", "I10", "Hypertensive disorder, systemic arterial"},
		{"asthma", "195967001", "J45", "Asthma"},
		{"copd", "13645005", "J44", "Chronic obstructive lung disease"},
		{"ckd3", "433144002", "N18.3", "Chronic kidney disease stage 3"},
		{"depression", "35489007", "F32", "Depressive disorder"},
		{"af", "49436004", "I48", "Atrial fibrillation"},
		{"uti", "68566005", "N39.0", "Urinary tract infectious disease"},
		{"urti", "54150009", "J06.9", "Upper respiratory infection"},
		{"osteoarthritis", "396275006", "M19.9", "Osteoarthritis"},
	}
	medicines = []struct{ dmd, name, dose string }{
		{"39720311000001101", "Metformin 500mg tablets", "One tablet twice a day"},
		{"319986003", "Ramipril 5mg capsules", "One capsule daily"},
		{"320000009", "Amlodipine 5mg tablets", "One tablet daily"},
		{"320029008", "Atorvastatin 20mg tablets", "One tablet at night"},
		{"320151005", "Salbutamol 100micrograms/dose inhaler", "Two puffs when required"},
		{"321988006", "Sertraline 50mg tablets", "One tablet daily"},
		{"318135009", "Apixaban 5mg tablets", "One tablet twice a day"},
		{"323509004", "Amoxicillin 500mg capsules", "One capsule three times a day"},
		{"322236009", "Paracetamol 500mg tablets", "Two tablets up to four times a day"},
	}
	givenF   = []string{"Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Sophia", "Grace", "Fatima", "Priya"}
	givenM   = []string{"Oliver", "George", "Noah", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Arjun", "Kwame"}
	families = []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright", "Khan", "Evans", "Okafor"}
	ethnics  = []struct{ code, desc string }{
		{"A", "White - British"}, {"B", "White - Irish"}, {"C", "White - Any other White background"},
		{"H", "Asian or Asian British - Indian"}, {"J", "Asian or Asian British - Pakistani"},
		{"N", "Black or Black British - African"}, {"M", "Black or Black British - Caribbean"},
		{"Z", "Not stated"},
	}
	towns   = []string{"Leeds", "Bristol", "Norwich", "Exeter", "Preston", "Luton", "Derby", "York"}
	regions = []struct{ code, name string }{
		{"Y56", "London"}, {"Y58", "South West"}, {"Y59", "South East"}, {"Y60", "Midlands"},
		{"Y61", "East of England"}, {"Y62", "North West"}, {"Y63", "North East and Yorkshire"},
	}
	streets   = []string{"High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane"}
	admission = []string{"11", "12", "21", "22", "28"}
)

// UUID returns a random version-4 UUID string.
func UUID(r *rand.Rand) string {
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12 // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // variant 10
	var b [36]byte
	const hex = "0123456789abcdef"
	j := 0
	for k := 0; k < 16; k++ {
		if k == 4 || k == 6 || k == 8 || k == 10 {
			b[j] = '-'
			j++
		}
		var v byte
		if k < 8 {
			v = byte(hi >> (56 - 8*k))
		} else {
			v = byte(lo >> (56 - 8*(k-8)))
		}
		b[j], b[j+1] = hex[v>>4], hex[v&0xf]
		j += 2
	}
	return string(b[:])
}

// Row id table tags, as the generator's (generator/ids.go).
const (
	tagCondition    = 1
	tagEncounter    = 2
	tagPrescription = 3
	tagObservation  = 4
	tagImmunisation = 5
	tagAllergy      = 6
	tagRegistration = 7
)

// idMaker mints a patient's row ids the way the generator does: the
// patient's first 24 characters, then a table tag and a sequence number
// shared by the patient's tables, e.g. 3f0c5a1e-8b2d-4e71-a9c4-200000000007.
type idMaker struct {
	prefix string
	seq    uint64
}

func (m *idMaker) row(tag uint64) string {
	m.seq++
	return m.numbered(tag, m.seq-1)
}

// rowID is row's id as integers (models.ID).
func (m *idMaker) rowID(tag uint64) models.ID {
	m.seq++
	return m.numberedID(tag, m.seq-1)
}

// numberedID is numbered's id as integers.
func (m *idMaker) numberedID(tag, n uint64) models.ID {
	id, err := models.ParseID(m.numbered(tag, n))
	if err != nil {
		panic(err)
	}
	return id
}

// numbered is the row id with the tag and sequence number n.
func (m *idMaker) numbered(tag, n uint64) string {
	const hex = "0123456789abcdef"
	v := tag<<44 | n
	var tail [12]byte
	for k := 11; k >= 0; k-- {
		tail[k] = hex[v&0xf]
		v >>= 4
	}
	return m.prefix + string(tail[:])
}

func around(r *rand.Rand, mean int) int {
	if mean == 0 {
		return 0
	}
	return mean/2 + r.IntN(mean+1)
}

// Practices returns n practices.
func Practices(n int, seed uint64) []models.Practice {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]models.Practice, n)
	for i := range out {
		reg := regions[r.IntN(len(regions))]
		out[i] = models.Practice{
			PracticeID:  UUID(r),
			ODSCode:     fmt.Sprintf("ZZ%04d", i),
			Name:        fmt.Sprintf("%s Medical Centre", towns[r.IntN(len(towns))]),
			AddressLine: fmt.Sprintf("%d %s", 1+r.IntN(200), streets[r.IntN(len(streets))]),
			Town:        towns[r.IntN(len(towns))],
			Postcode:    fmt.Sprintf("ZZ%d %dQ%c", 1+r.IntN(99), r.IntN(10), 'A'+rune(r.IntN(26))),
			Region:      reg.code,
			RegionName:  reg.name,
			Phone:       fmt.Sprintf("0113 496 %04d", r.IntN(1000)),
		}
	}
	return out
}

// Batch builds a batch of patients [first, first+patients) with the given
// shape. The same arguments always give the same batch.
func Batch(first int64, patients int, shape Shape, seed uint64) *models.Batch {
	b := &models.Batch{}
	Fill(b, first, patients, shape, seed)
	return b
}

// Fill resets b and fills it as Batch does.
func Fill(b *models.Batch, first int64, patients int, shape Shape, seed uint64) {
	b.Reset(first)
	r := rand.New(rand.NewPCG(seed, uint64(first)))
	practices := Practices(20, seed)
	end := models.DateFromYMD(2025, 1, 1)
	for p := 0; p < patients; p++ {
		pid := UUID(r)
		ids := idMaker{prefix: pid[:24]}
		idx := first + int64(p)
		female := r.IntN(2) == 0
		given, sex := givenM[r.IntN(len(givenM))], "male"
		if female {
			given, sex = givenF[r.IntN(len(givenF))], "female"
		}
		birth := models.DateFromYMD(1930+r.IntN(94), 1, 1) + models.Date(r.IntN(365))
		var death models.Date
		if r.IntN(20) == 0 {
			death = end - models.Date(r.IntN(3000))
		}
		eth := ethnics[r.IntN(len(ethnics))]
		reg := regions[r.IntN(len(regions))]
		pr := practices[r.IntN(len(practices))]
		family := families[r.IntN(len(families))]
		regDate := birth + models.Date(r.IntN(int(end-birth)))
		b.Patients = append(b.Patients, models.Patient{
			PatientID:        pid,
			PatientIndex:     idx,
			NHSNumber:        fmt.Sprintf("999%07d", idx%10_000_000),
			GivenName:        given,
			FamilyName:       family,
			Sex:              sex,
			BirthDate:        birth,
			DeathDate:        death,
			EthnicCategory:   eth.code,
			EthnicDesc:       eth.desc,
			AddressLine:      fmt.Sprintf("%d %s", 1+r.IntN(300), streets[r.IntN(len(streets))]),
			Town:             towns[r.IntN(len(towns))],
			Postcode:         fmt.Sprintf("ZZ%d %dQ%c", 1+r.IntN(99), r.IntN(10), 'A'+rune(r.IntN(26))),
			Region:           reg.code,
			RegionName:       reg.name,
			Phone:            fmt.Sprintf("07700 900%03d", r.IntN(1000)),
			Email:            fmt.Sprintf("%s.%s%d@example.com", given, family, r.IntN(100)),
			PracticeID:       pr.PracticeID,
			RegistrationDate: regDate,
		})
		// Registrations, drawing nothing (the other rows stay as they were):
		// an earlier practice for those registered after their first
		// birthday, then the current one, open unless they died.
		if regDate > birth+365 {
			b.Registrations = append(b.Registrations, models.Registration{RegistrationID: ids.numberedID(tagRegistration, 0),
				PatientID: pid, PracticeID: practices[(p+1)%len(practices)].PracticeID, StartDate: birth, EndDate: regDate - 1})
		}
		b.Registrations = append(b.Registrations, models.Registration{RegistrationID: ids.numberedID(tagRegistration, 1),
			PatientID: pid, PracticeID: pr.PracticeID, StartDate: regDate, EndDate: death})

		// Conditions first (encounters may point at them).
		condStart := len(b.Conditions)
		nc := around(r, shape.Conditions)
		condIDs := make([]string, 0, nc)
		for c := 0; c < nc; c++ {
			cd := conditions[r.IntN(len(conditions))]
			onset := birth + models.Date(r.IntN(int(end-birth)+1))
			var resolved models.Date
			chronic := r.IntN(3) != 0
			if !chronic {
				resolved = onset + models.Date(7+r.IntN(60))
			}
			id := ids.row(tagCondition)
			condIDs = append(condIDs, id)
			b.Conditions = append(b.Conditions, models.Condition{
				ConditionID: id, PatientID: pid, ConditionKey: cd.key, SnomedCode: cd.snomed,
				ICD10Code: cd.icd10, Description: cd.desc, Chronic: chronic,
				OnsetDate: onset, ResolvedDate: resolved,
			})
		}

		ne := around(r, shape.Encounters)
		no := around(r, shape.Observations)
		nrx := around(r, shape.Prescriptions)
		t := (end - 365*10).Start() + models.Timestamp(r.Int64N(int64(30*24*60)))*models.Timestamp(models.MicrosPerMinute)
		step := models.Timestamp(int64(10*365*24*60)/int64(ne+1)) * models.Timestamp(models.MicrosPerMinute)
		encStart := len(b.Encounters)
		for e := 0; e < ne; e++ {
			t += step/2 + models.Timestamp(r.Int64N(int64(step)))
			et := encTypes[r.IntN(len(encTypes))]
			var reason, adm string
			if len(condIDs) > 0 && r.IntN(3) == 0 {
				reason = condIDs[r.IntN(len(condIDs))]
			}
			if et.setting == "inpatient" {
				adm = admission[r.IntN(len(admission))]
			}
			b.Encounters = append(b.Encounters, models.Encounter{
				EncounterID: ids.row(tagEncounter), PatientID: pid, PracticeID: pr.PracticeID,
				Class: et.class, Setting: et.setting, TypeCode: et.code, TypeDisplay: et.display,
				StartTime: t, EndTime: t.AddMinutes(10 + r.IntN(50)),
				ReasonConditionID: reason, AdmissionMethod: adm,
			})
		}
		encs := b.Encounters[encStart:]
		if len(encs) == 0 {
			continue
		}
		// Half the conditions were diagnosed at one of the encounters.
		for i := range b.Conditions[condStart:] {
			if r.IntN(2) == 0 {
				b.Conditions[condStart+i].DiagnosisEncounterID = encs[r.IntN(len(encs))].EncounterID
			}
		}
		// Observations: spread over the encounters in time order.
		for o := 0; o < no; o++ {
			e := &encs[o*len(encs)/max(no, 1)]
			d := obsDefs[r.IntN(len(obsDefs))]
			ob := models.Observation{
				ObservationID: ids.rowID(tagObservation), PatientID: pid, EncounterID: e.EncounterID,
				SnomedCode: d.snomed, LoincCode: d.loinc, Description: d.desc,
				EffectiveTime: e.StartTime.AddMinutes(o % 5),
			}
			if d.coded {
				ob.ValueCode, ob.ValueDisplay = d.valueCode, d.valueDisplay
			} else {
				v := float64(int64((d.lo+r.Float64()*(d.hi-d.lo))*10)) / 10
				ob.Value = &v
				ob.Unit = d.unit
			}
			b.Observations = append(b.Observations, ob)
		}
		for x := 0; x < nrx; x++ {
			e := &encs[x*len(encs)/max(nrx, 1)]
			m := medicines[r.IntN(len(medicines))]
			start := e.StartTime.Date()
			var endDate models.Date
			if r.IntN(4) != 0 {
				endDate = start + models.Date(28*(1+r.IntN(6)))
			}
			var cond string
			if len(condIDs) > 0 {
				cond = condIDs[r.IntN(len(condIDs))]
			} else {
				cond = ids.row(tagCondition)
			}
			b.Prescriptions = append(b.Prescriptions, models.Prescription{
				PrescriptionID: ids.rowID(tagPrescription), PatientID: pid, EncounterID: e.EncounterID, ConditionID: cond,
				DMDCode: m.dmd, Medication: m.name, DoseText: m.dose, StartDate: start, EndDate: endDate, Type: models.PrescriptionRepeat,
			})
		}
		// An immunisation at the first encounter and, for some, an allergy.
		if len(encs) > 0 {
			e := &encs[0]
			b.Immunisations = append(b.Immunisations, models.Immunisation{
				ImmunisationID: ids.rowID(tagImmunisation), PatientID: pid, EncounterID: e.EncounterID,
				VaccineKey: "flu_inactivated", Programme: "influenza", DoseNumber: 1,
				ProcedureCode: "822851000000102", ProcedureDisplay: "Seasonal influenza vaccination",
				ProductDisplay: "Inactivated influenza vaccine", OccurrenceTime: e.StartTime.AddMinutes(2),
			})
			if r.IntN(4) == 0 {
				b.Allergies = append(b.Allergies, models.Allergy{
					AllergyID: ids.rowID(tagAllergy), PatientID: pid, AllergyKey: "penicillin", SnomedCode: "91936005",
					Description: "Allergy to penicillin", Type: "allergy", Category: "medication", Criticality: "low",
					VerificationStatus: "unconfirmed", ReactionCode: "271807003", ReactionDisplay: "Eruption of skin",
					ReactionSeverity: "mild", OnsetDate: e.StartTime.Date() - models.Date(r.IntN(3000)),
				})
			}
		}
	}
}

// Split returns patients [first, first+n) (the same rows as Batch(first, n,
// DefaultShape, seed)) cut into batches of size patients, as the generator
// cuts a part into batches.
func Split(first int64, n, size int, seed uint64) []*models.Batch {
	all := Batch(first, n, DefaultShape, seed)
	var out []*models.Batch
	var ci, ei, pi, oi, mi, ai, gi int
	for p := 0; p < n; p += size {
		end := min(p+size, n)
		b := &models.Batch{FirstPatient: first + int64(p)}
		b.Patients = all.Patients[p:end]
		ids := map[string]bool{}
		for _, pt := range b.Patients {
			ids[pt.PatientID] = true
		}
		take := func(i *int, total int, pid func(int) string) (lo, hi int) {
			lo = *i
			for *i < total && ids[pid(*i)] {
				*i++
			}
			return lo, *i
		}
		lo, hi := take(&ci, len(all.Conditions), func(i int) string { return all.Conditions[i].PatientID })
		b.Conditions = all.Conditions[lo:hi]
		lo, hi = take(&ei, len(all.Encounters), func(i int) string { return all.Encounters[i].PatientID })
		b.Encounters = all.Encounters[lo:hi]
		lo, hi = take(&pi, len(all.Prescriptions), func(i int) string { return all.Prescriptions[i].PatientID })
		b.Prescriptions = all.Prescriptions[lo:hi]
		lo, hi = take(&oi, len(all.Observations), func(i int) string { return all.Observations[i].PatientID })
		b.Observations = all.Observations[lo:hi]
		lo, hi = take(&mi, len(all.Immunisations), func(i int) string { return all.Immunisations[i].PatientID })
		b.Immunisations = all.Immunisations[lo:hi]
		lo, hi = take(&ai, len(all.Allergies), func(i int) string { return all.Allergies[i].PatientID })
		b.Allergies = all.Allergies[lo:hi]
		lo, hi = take(&gi, len(all.Registrations), func(i int) string { return all.Registrations[i].PatientID })
		b.Registrations = all.Registrations[lo:hi]
		out = append(out, b)
	}
	return out
}

// Concat joins batches into one.
func Concat(batches []*models.Batch) *models.Batch {
	all := &models.Batch{}
	if len(batches) > 0 {
		all.FirstPatient = batches[0].FirstPatient
	}
	for _, b := range batches {
		all.Patients = append(all.Patients, b.Patients...)
		all.Conditions = append(all.Conditions, b.Conditions...)
		all.Encounters = append(all.Encounters, b.Encounters...)
		all.Prescriptions = append(all.Prescriptions, b.Prescriptions...)
		all.Observations = append(all.Observations, b.Observations...)
		all.Immunisations = append(all.Immunisations, b.Immunisations...)
		all.Allergies = append(all.Allergies, b.Allergies...)
		all.Registrations = append(all.Registrations, b.Registrations...)
	}
	return all
}
