package stats

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

var careAsOf = models.DateFromYMD(2025, 3, 31)

// careBuilder writes a hand-built dataset: patients with conditions,
// prescriptions and observations, as the generator's Parquet tables.
type careBuilder struct {
	t     *testing.T
	pats  []models.Patient
	conds []models.Condition
	rxs   []models.Prescription
	obs   []models.Observation
	ids   uint64
}

// nextID is a distinct row id.
func (b *careBuilder) nextID() models.ID {
	b.ids++
	return models.ID{Lo: b.ids}
}

func (b *careBuilder) patient(id, sex string, age int, conds ...string) *careBuilder {
	birth := models.DateOf(careAsOf.Time().AddDate(-age, -1, 0))
	b.pats = append(b.pats, models.Patient{PatientID: id, Sex: sex, BirthDate: birth})
	for _, c := range conds {
		b.conds = append(b.conds, models.Condition{ConditionID: id + c, PatientID: id, ConditionKey: c,
			Chronic: true, OnsetDate: models.DateFromYMD(2015, 1, 1)})
	}
	return b
}

// last sets a field of the patient added last.
func (b *careBuilder) last(edit func(*models.Patient)) *careBuilder {
	edit(&b.pats[len(b.pats)-1])
	return b
}

// monthsAgo is the day that many months (and extra days) before the as-of date.
func monthsAgo(months, days int) models.Date {
	return models.DateOf(careAsOf.Time().AddDate(0, -months, -days))
}

func (b *careBuilder) value(id, obsKey string, v float64, at models.Date) *careBuilder {
	o, ok := datasets.ObservationByKey(obsKey)
	if !ok {
		b.t.Fatalf("no observation %s", obsKey)
	}
	b.obs = append(b.obs, models.Observation{ObservationID: b.nextID(), PatientID: id,
		SnomedCode: o.Snomed, LoincCode: o.Loinc, Value: &v, Unit: o.Unit, EffectiveTime: at.Start().AddMinutes(600)})
	return b
}

func (b *careBuilder) bp(id string, sys, dia float64, at models.Date) *careBuilder {
	return b.value(id, "systolic_bp", sys, at).value(id, "diastolic_bp", dia, at)
}

func (b *careBuilder) smoking(id, status string, at models.Date) *careBuilder {
	q, _ := datasets.ObservationByKey("smoking_status")
	v, _ := datasets.ObservationByKey(status)
	b.obs = append(b.obs, models.Observation{ObservationID: b.nextID(), PatientID: id,
		LoincCode: q.Loinc, ValueCode: v.Snomed, EffectiveTime: at.Start()})
	return b
}

// rx prescribes the medicine's first regimen from start to end (NoDate:
// still running).
func (b *careBuilder) rx(id, medicine string, start, end models.Date) *careBuilder {
	regs := datasets.Regimens(medicine)
	if len(regs) == 0 {
		b.t.Fatalf("no regimen for %s", medicine)
	}
	b.rxs = append(b.rxs, models.Prescription{PrescriptionID: b.nextID(), PatientID: id,
		DMDCode: regs[0].DMDCode, Medication: regs[0].Name, StartDate: start, EndDate: end})
	return b
}

func writeTable[T any](t *testing.T, dir, table string, rows []T) {
	t.Helper()
	path := filepath.Join(dir, "parquet", table, "part-0000000000.parquet")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := pq.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

func (b *careBuilder) write() string {
	dir := b.t.TempDir()
	writeTable(b.t, dir, models.TablePatients, b.pats)
	writeTable(b.t, dir, models.TableConditions, b.conds)
	writeTable(b.t, dir, models.TableEncounters, []models.Encounter{{EncounterID: "e", PatientID: b.pats[0].PatientID, Setting: "gp"}})
	writeTable(b.t, dir, models.TablePrescriptions, b.rxs)
	writeTable(b.t, dir, models.TableObservations, b.obs)
	return dir
}

// TestCareQualityOnHandBuiltRecords works every measure out by hand on a
// few patients chosen to sit on each edge of its definition.
func TestCareQualityOnHandBuiltRecords(t *testing.T) {
	b := &careBuilder{t: t}
	now := monthsAgo(2, 0)
	// Type 2 diabetes: the latest reading in 15 months counts.
	b.patient("d1", "female", 60, "type2_diabetes").value("d1", "hba1c", 50, now) // met
	b.patient("d2", "male", 60, "type2_diabetes").value("d2", "hba1c", 50, monthsAgo(8, 0)).
		value("d2", "hba1c", 70, now) // latest 70: not met
	b.patient("d3", "male", 60, "type2_diabetes").value("d3", "hba1c", 58, monthsAgo(14, 25)) // 58 counts as met
	b.patient("d4", "male", 60, "type2_diabetes").value("d4", "hba1c", 50, monthsAgo(15, 0))  // out of the window: not measured
	b.patient("d5", "male", 60, "type2_diabetes").value("d5", "hba1c", 50, now).
		last(func(p *models.Patient) { p.Cohort = "poorly-controlled" }) // scenario cohort: left out
	b.patient("d6", "male", 60, "type2_diabetes").value("d6", "hba1c", 50, now).
		last(func(p *models.Patient) { p.DeathDate = monthsAgo(1, 0) }) // dead: left out
	b.patient("d7", "male", 16, "type2_diabetes").value("d7", "hba1c", 50, now) // under the register's 17
	b.patient("d8", "male", 60, "type1_diabetes").value("d8", "hba1c", 50, now) // type 1: not in this measure
	// Hypertension, under 80 (<= 140/90) and 80+ (<= 150/90).
	b.patient("h1", "female", 70, "hypertension").bp("h1", 160, 95, monthsAgo(6, 0)).bp("h1", 140, 90, now) // met, latest
	b.patient("h2", "female", 70, "hypertension").bp("h2", 130, 92, now)                                    // diastolic too high
	b.patient("h3", "female", 70, "hypertension")                                                           // no reading: not met
	b.patient("h4", "male", 70, "hypertension").bp("h4", 120, 80, monthsAgo(12, 0))                         // outside 12 months
	b.patient("h5", "male", 70, "hypertension").value("h5", "systolic_bp", 139, now)                        // systolic alone
	b.patient("h6", "male", 85, "hypertension").bp("h6", 150, 90, now)                                      // met at 80+
	b.patient("h7", "male", 85, "hypertension").bp("h7", 151, 70, now)                                      // not met
	// Cardiovascular disease: a statin running on the as-of date.
	b.patient("c1", "male", 70, "chd").rx("c1", "atorvastatin", monthsAgo(30, 0), models.NoDate)      // met
	b.patient("c2", "male", 70, "pad").rx("c2", "atorvastatin", monthsAgo(30, 0), monthsAgo(1, 0))    // stopped: not met
	b.patient("c3", "female", 70, "stroke_tia").rx("c3", "ramipril", monthsAgo(30, 0), models.NoDate) // no statin
	b.patient("c4", "female", 70, "chd").rx("c4", "atorvastatin", monthsAgo(6, 0), careAsOf)          // ends on the day: met
	// AF: CHA2DS2-VASc from the coded record; >= 2 is the denominator.
	b.patient("a1", "male", 80, "atrial_fibrillation").rx("a1", "apixaban", monthsAgo(20, 0), models.NoDate) // age 75+: 2, met
	b.patient("a2", "male", 50, "atrial_fibrillation")                                                       // score 0: out
	b.patient("a3", "female", 70, "atrial_fibrillation")                                                     // 65-74 + female: 2, not met
	b.patient("a4", "male", 60, "atrial_fibrillation", "hypertension", "type2_diabetes").
		rx("a4", "warfarin", monthsAgo(20, 0), models.NoDate) // H + D: 2, met
	b.patient("a5", "female", 50, "atrial_fibrillation") // female alone: 1, out
	// COPD: smoking status recorded in the last 12 months, 15+.
	b.patient("k1", "male", 70, "copd").smoking("k1", "ex_smoker", monthsAgo(6, 0))    // met
	b.patient("k2", "male", 70, "copd").smoking("k2", "smoker", monthsAgo(13, 0))      // too long ago
	b.patient("k3", "male", 14, "copd").smoking("k3", "never_smoked", monthsAgo(1, 0)) // under 15: out
	// Antidepressant in the last 12 months, adults (eighteenth review).
	b.patient("s1", "female", 40).rx("s1", "sertraline", monthsAgo(30, 0), models.NoDate)   // running: met
	b.patient("s2", "female", 40).rx("s2", "citalopram", monthsAgo(30, 0), monthsAgo(2, 0)) // stopped in the year: met
	b.patient("s3", "male", 40).rx("s3", "fluoxetine", monthsAgo(30, 0), monthsAgo(13, 0))  // stopped before it: not met
	b.patient("s4", "male", 17).rx("s4", "fluoxetine", monthsAgo(3, 0), models.NoDate)      // under 18: out

	rep, err := Compute(b.write(), Options{AsOf: careAsOf, HistoryYears: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := careByKey(t, rep)
	for key, want := range map[string]struct{ num, den int64 }{
		"t2d_hba1c_58":          {2, 3}, // d1, d3 of d1-d3
		"htn_bp_under80":        {2, 6}, // h1, h5 of h1-h5 and a4 (on the register, no reading)
		"htn_bp_80plus":         {1, 2},
		"cvd_statin":            {2, 4},
		"af_anticoagulant":      {2, 3},
		"copd_smoking_recorded": {1, 2},
	} {
		f, ok := got[key]
		if !ok {
			t.Errorf("%s: no figure", key)
			continue
		}
		if f.N != want.den || f.Value != 100*float64(want.num)/float64(want.den) {
			t.Errorf("%s: %.1f%% of %d, want %d of %d", key, f.Value, f.N, want.num, want.den)
		}
		if !f.Advisory || f.Note == "" {
			t.Errorf("%s: a figure on %d people must be advisory, with a note", key, f.N)
		}
	}
	// every living adult of the records is in the antidepressant share's
	// denominator; s1 and s2 of them are on one
	if f, ok := got["adult_antidepressant"]; !ok {
		t.Error("adult_antidepressant: no figure")
	} else if num := int64(f.Value*float64(f.N)/100 + 0.5); num != 2 || f.N < 4 {
		t.Errorf("adult_antidepressant: %d of %d, want 2 of the adults", num, f.N)
	}
	if rep.CohortPatients != 1 {
		t.Errorf("%d cohort patients, want 1", rep.CohortPatients)
	}
}

// careByKey maps the report's care-quality figures to their catalogue keys.
func careByKey(t *testing.T, rep *Report) map[string]Figure {
	t.Helper()
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	key := map[string]string{}
	for _, q := range cat.CareQuality {
		key[q.Name] = q.Key
	}
	out := map[string]Figure{}
	for _, f := range rep.Figures {
		if f.Group == careGroup {
			out[key[f.Name]] = f
		}
	}
	return out
}

func TestChadsVascFromCodedConditions(t *testing.T) {
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	condBit := map[string]int{}
	for i, c := range cat.Conditions {
		condBit[c.Key] = i
	}
	ctx, err := newCareContext(condBit, careAsOf)
	if err != nil {
		t.Fatal(err)
	}
	rec := func(male bool, age int, conds ...string) *careRecord {
		p := &person{male: male, birth: models.DateOf(careAsOf.Time().AddDate(-age, 0, -1))}
		for _, c := range conds {
			p.conds |= ctx.bits[c]
		}
		return &careRecord{p: p}
	}
	for _, c := range []struct {
		r    *careRecord
		want int
	}{
		{rec(true, 40), 0},
		{rec(false, 40), 1},
		{rec(true, 64), 0},
		{rec(true, 65), 1},
		{rec(true, 74), 1},
		{rec(true, 75), 2},
		{rec(true, 50, "stroke_tia"), 2},
		{rec(true, 50, "chd", "pad"), 1}, // vascular disease counts once
		{rec(false, 80, "heart_failure", "hypertension", "type1_diabetes", "stroke_tia", "chd"), 9},
	} {
		if got := ctx.chadsVasc(c.r); got != c.want {
			t.Errorf("CHA2DS2-VASc of male=%v age %d: %d, want %d", c.r.p.male, ctx.age(c.r), got, c.want)
		}
	}
}

// TestCareFigureIsCheckedOnlyWhenVerified: a verified reference on enough
// people can fail --strict; an approx one is compared but advisory.
func TestCareFigureIsCheckedOnlyWhenVerified(t *testing.T) {
	cat, _ := datasets.LoadCatalogue()
	condBit := map[string]int{}
	for i, c := range cat.Conditions {
		condBit[c.Key] = i
	}
	ctx, _ := newCareContext(condBit, careAsOf)
	records := map[string]*careRecord{}
	for i := 0; i < 200; i++ { // hypertension at 50, no readings: 0% at target
		p := &person{birth: models.DateFromYMD(1975, 1, 1), conds: ctx.bits["hypertension"]}
		records[fmt.Sprint(i)] = &careRecord{p: p}
	}
	target := datasets.CareQualityTarget{Key: "htn_bp_under80", Name: "x", Percent: 55.9, Tolerance: 10, Source: "s", Status: "verified"}
	rep := &Report{}
	rep.add(careFigure(target, ctx, records))
	target.Status = "approx"
	rep.add(careFigure(target, ctx, records))
	checked, shown := rep.Figures[0], rep.Figures[1]
	if checked.N != 200 || checked.Value != 0 || checked.OK || checked.Advisory {
		t.Errorf("verified: %+v, want a checked figure outside tolerance", checked)
	}
	if shown.OK || !shown.Advisory || shown.Note == "" {
		t.Errorf("approx: %+v, want an advisory figure outside tolerance, with a note", shown)
	}
	if f := rep.Failures(); len(f) != 1 || f[0].Status != "verified" {
		t.Errorf("failures %+v, want only the verified figure", f)
	}
}

// TestPointsTolerance: care figures are judged in percentage points, not
// relative to the reference (a relative 10% of 90 would be 9 points).
func TestPointsTolerance(t *testing.T) {
	rep := &Report{}
	rep.add(Figure{Value: 80.5, Reference: 90, Tolerance: 10, Points: true})
	rep.add(Figure{Value: 79.5, Reference: 90, Tolerance: 10, Points: true})
	rep.add(Figure{Value: 80.5, Reference: 90, Tolerance: 0.10})
	if !rep.Figures[0].OK || rep.Figures[1].OK || rep.Figures[2].OK {
		t.Errorf("OK = %v %v %v, want true false false", rep.Figures[0].OK, rep.Figures[1].OK, rep.Figures[2].OK)
	}
}

// TestEveryCareKeyHasAMeasure: the catalogue accepts exactly the keys
// stats can compute.
func TestEveryCareKeyHasAMeasure(t *testing.T) {
	var defined []string
	for k := range careMeasures {
		defined = append(defined, k)
	}
	keys := append([]string(nil), datasets.CareQualityKeys...)
	sort.Strings(defined)
	sort.Strings(keys)
	if len(defined) != len(keys) {
		t.Fatalf("measures %v, catalogue keys %v", defined, keys)
	}
	for i := range keys {
		if defined[i] != keys[i] {
			t.Fatalf("measures %v, catalogue keys %v", defined, keys)
		}
	}
}
