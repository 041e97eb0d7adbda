package stats

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Care quality reads, for each living background patient, the few facts the
// measures in care_measures.go ask about: their latest HbA1c and blood
// pressure, whether a statin or anticoagulant course is running on the as-of
// date, and when smoking status was last recorded. Codes and drug classes
// come from datasets (observation codes; medicine classes via the regimen of
// each prescribed dm+d product), never from strings typed here.

type prescriptionRow struct {
	PatientID string      `parquet:"patient_id"`
	DMDCode   string      `parquet:"dmd_code"`
	StartDate models.Date `parquet:"start_date,date"`
	EndDate   models.Date `parquet:"end_date,date,optional"`
}

type observationRow struct {
	PatientID     string           `parquet:"patient_id"`
	SnomedCode    string           `parquet:"snomed_code"`
	LoincCode     string           `parquet:"loinc_code,optional"`
	Value         *float64         `parquet:"value"`
	ValueCode     string           `parquet:"value_code,optional"`
	EffectiveTime models.Timestamp `parquet:"effective_time,timestamp(microsecond:utc)"`
}

// reading is a numeric observation at a time; set is false until one is seen.
type reading struct {
	at    models.Timestamp
	value float64
	set   bool
}

// keepLatest replaces r with a later reading.
func (r *reading) keepLatest(at models.Timestamp, v float64) {
	if !r.set || at >= r.at {
		*r = reading{at: at, value: v, set: true}
	}
}

// careRecord is what the measures know about one living patient.
type careRecord struct {
	p                *person
	hba1c            reading
	systolic         reading
	diastolic        reading // counts only when taken with the latest systolic
	statin, anticoag bool    // a course running on the as-of date
	antidepressant   bool    // an antidepressant issue running in the 12 months to the as-of date
	// An opioid or a gabapentinoid running at some time in the 12 months to
	// the as-of date (PHE prescribed medicines review; eighteenth review).
	opioidYear, gabapentinoidYear bool
	smokingRecordedLast           models.Date
	cervicalLast                  models.Date // the latest cervical screening test
	breastLast, bowelLast         models.Date // the latest breast and bowel screening results (nineteenth review)
	aaaMissed                     bool        // a missed AAA screening invitation coded
	frailLast                     models.Date // the latest eFI category coded (twentieth review)
	frailMod                      bool        // that category is moderate or severe
	riskScoredLast                models.Date // the latest cardiovascular risk score (QRISK3)
}

// careCodes are the observation codes and drug classes the measures use,
// resolved once from datasets.
type careCodes struct {
	hba1c, systolic, diastolic string // SNOMED CT
	smokingQuestion            string // LOINC of smoking_status
	smokingValues              map[string]bool
	cervical                   [2]string            // SNOMED CT of the screening results (screening.yaml observations)
	breast, bowel, aaaMissed   string               // SNOMED CT of the breast and bowel results and the AAA non-attendance (screening.yaml programmes)
	frailty                    map[string]bool      // SNOMED CT of the eFI categories (frailty.yaml) -> moderate or worse
	qrisk                      string               // SNOMED CT of the cardiovascular risk score
	classOf                    map[string]drugClass // by dm+d code, filled as met
}

type drugClass uint8

const (
	classStatin drugClass = 1 << iota
	classAnticoagulant
	classAntidepressant
	classOpioid
	classGabapentinoid
)

func loadCareCodes() (*careCodes, error) {
	snomed := func(key string) (string, error) {
		o, ok := datasets.ObservationByKey(key)
		if !ok || o.Snomed == "" {
			return "", fmt.Errorf("stats: care quality needs a SNOMED CT code for observation %q", key)
		}
		return o.Snomed, nil
	}
	c := &careCodes{smokingValues: map[string]bool{}, classOf: map[string]drugClass{}}
	var err error
	for _, x := range []struct {
		key string
		to  *string
	}{{"hba1c", &c.hba1c}, {"systolic_bp", &c.systolic}, {"diastolic_bp", &c.diastolic}, {"qrisk3", &c.qrisk}} {
		if *x.to, err = snomed(x.key); err != nil {
			return nil, err
		}
	}
	// Smoking status is the LOINC question with a SNOMED CT finding as its
	// value (see datasets/data/observation_codes.csv).
	q, ok := datasets.ObservationByKey("smoking_status")
	if !ok || q.Loinc == "" {
		return nil, fmt.Errorf("stats: care quality needs the LOINC code of smoking_status")
	}
	c.smokingQuestion = q.Loinc
	sc, err := datasets.ScreeningProgrammes()
	if err != nil {
		return nil, err
	}
	for i, key := range []string{sc.Cervical.Observation, sc.Cervical.CytologyObservation} {
		if c.cervical[i], err = snomed(key); err != nil {
			return nil, err
		}
	}
	for _, x := range []struct {
		key string
		to  *string
	}{{"breast_screening", &c.breast}, {"bowel_screening_result", &c.bowel}, {"aaa_screening_dna", &c.aaaMissed}} {
		if *x.to, err = snomed(x.key); err != nil {
			return nil, err
		}
	}
	fr, err := datasets.LoadFrailty()
	if err != nil {
		return nil, err
	}
	c.frailty = map[string]bool{}
	moderate := fr.Category("moderate")
	for i, cat := range fr.EFI.Categories {
		code, err := snomed(cat.Observation)
		if err != nil {
			return nil, err
		}
		c.frailty[code] = moderate >= 0 && i >= moderate
	}
	for _, key := range []string{"smoker", "ex_smoker", "never_smoked"} {
		code, err := snomed(key)
		if err != nil {
			return nil, err
		}
		c.smokingValues[code] = true
	}
	return c, nil
}

// class returns the classes of a prescribed product that the measures ask
// about; a product no regimen names has none.
func (c *careCodes) class(dmd string) drugClass {
	if k, ok := c.classOf[dmd]; ok {
		return k
	}
	var k drugClass
	if g, ok := datasets.RegimenByDMD(dmd); ok {
		if datasets.InClass(g.Medicine, "statin") {
			k |= classStatin
		}
		if datasets.InClass(g.Medicine, "anticoagulant") {
			k |= classAnticoagulant
		}
		if datasets.InClass(g.Medicine, "antidepressant") {
			k |= classAntidepressant
		}
		if datasets.InClass(g.Medicine, "opioid") {
			k |= classOpioid
		}
		if datasets.InClass(g.Medicine, "gabapentinoid") {
			k |= classGabapentinoid
		}
	}
	c.classOf[dmd] = k
	return k
}

// addPrescription notes a statin or anticoagulant course running on asOf,
// and an antidepressant, opioid or gabapentinoid running at any time in the
// 12 months to it (after yearStart, windowStart(asOf, 12)).
func (c *careCodes) addPrescription(r *careRecord, rx *prescriptionRow, asOf, yearStart models.Date) {
	if rx.StartDate > asOf {
		return
	}
	k := c.class(rx.DMDCode)
	inYear := rx.EndDate == models.NoDate || rx.EndDate > yearStart
	if k&classAntidepressant != 0 && inYear {
		r.antidepressant = true
	}
	if k&(classOpioid|classGabapentinoid) != 0 && inYear {
		r.opioidYear = r.opioidYear || k&classOpioid != 0
		r.gabapentinoidYear = r.gabapentinoidYear || k&classGabapentinoid != 0
	}
	if rx.EndDate != models.NoDate && rx.EndDate < asOf {
		return
	}
	r.statin = r.statin || k&classStatin != 0
	r.anticoag = r.anticoag || k&classAnticoagulant != 0
}

// addObservation keeps the latest readings the measures use, up to asOf.
func (c *careCodes) addObservation(r *careRecord, o *observationRow, asOf models.Date) {
	day := o.EffectiveTime.Date()
	if day > asOf {
		return
	}
	if o.LoincCode == c.smokingQuestion || c.smokingValues[o.ValueCode] || c.smokingValues[o.SnomedCode] {
		r.smokingRecordedLast = max(r.smokingRecordedLast, day)
		return
	}
	switch o.SnomedCode {
	case c.cervical[0], c.cervical[1]:
		r.cervicalLast = max(r.cervicalLast, day)
		return
	case c.breast:
		r.breastLast = max(r.breastLast, day)
		return
	case c.bowel:
		r.bowelLast = max(r.bowelLast, day)
		return
	case c.aaaMissed:
		r.aaaMissed = true
		return
	}
	if mod, ok := c.frailty[o.SnomedCode]; ok {
		if day >= r.frailLast { // the latest category (the rows are in time order)
			r.frailLast, r.frailMod = day, mod
		}
		return
	}
	if o.Value == nil {
		return
	}
	if o.SnomedCode == c.qrisk {
		r.riskScoredLast = max(r.riskScoredLast, day)
		return
	}
	switch o.SnomedCode {
	case c.hba1c:
		r.hba1c.keepLatest(o.EffectiveTime, *o.Value)
	case c.systolic:
		r.systolic.keepLatest(o.EffectiveTime, *o.Value)
	case c.diastolic:
		r.diastolic.keepLatest(o.EffectiveTime, *o.Value)
	}
}

// readCareRecords streams prescriptions and observations into the records.
func readCareRecords(dir string, records map[string]*careRecord, codes *careCodes, asOf models.Date) error {
	yearStart := windowStart(asOf, 12)
	err := eachRow(dir, models.TablePrescriptions, func(rx *prescriptionRow) {
		if r := records[rx.PatientID]; r != nil {
			codes.addPrescription(r, rx, asOf, yearStart)
		}
	})
	if err != nil {
		return err
	}
	return eachRow(dir, models.TableObservations, func(o *observationRow) {
		if r := records[o.PatientID]; r != nil {
			codes.addObservation(r, o, asOf)
		}
	})
}
