package stats

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// careMeasure defines one care-quality measure the way QOF does: who is in
// the denominator on the as-of date, and who of them meets it. Registers are
// the catalogue's chronic conditions with onset on or before the as-of date,
// among living background patients.
type careMeasure struct {
	in, met func(m *careContext, r *careRecord) bool
}

// careMeasures, by datasets.CareQualityKeys key.
var careMeasures = map[string]careMeasure{
	// NDA: latest HbA1c in the 15-month audit period <= 58 mmol/mol, among
	// people with a reading in it. QOF's diabetes register starts at 17.
	"t2d_hba1c_58": {
		in: func(m *careContext, r *careRecord) bool {
			return m.has(r, "type2_diabetes") && m.age(r) >= 17 && m.within(r.hba1c, 15)
		},
		met: func(m *careContext, r *careRecord) bool { return r.hba1c.value <= 58 },
	},
	// QOF HYP008: latest BP in 12 months <= 140/90, aged 79 or under. The
	// whole register is the denominator: no reading means not at target.
	"htn_bp_under80": {
		in:  func(m *careContext, r *careRecord) bool { return m.has(r, "hypertension") && m.age(r) <= 79 },
		met: func(m *careContext, r *careRecord) bool { return m.bpAtMost(r, 140, 90) },
	},
	// QOF HYP009: the same at 150/90, aged 80 or over.
	"htn_bp_80plus": {
		in:  func(m *careContext, r *careRecord) bool { return m.has(r, "hypertension") && m.age(r) >= 80 },
		met: func(m *careContext, r *careRecord) bool { return m.bpAtMost(r, 150, 90) },
	},
	// QOF CHOL001/CHOL003, narrowed to cardiovascular disease: a statin
	// course running on the as-of date.
	"cvd_statin": {
		in:  func(m *careContext, r *careRecord) bool { return m.has(r, "chd", "stroke_tia", "pad") },
		met: func(m *careContext, r *careRecord) bool { return r.statin },
	},
	// QOF AF008: CHA2DS2-VASc >= 2, scored from the coded record (see
	// chadsVasc), on an anticoagulant on the as-of date.
	"af_anticoagulant": {
		in: func(m *careContext, r *careRecord) bool {
			return m.has(r, "atrial_fibrillation") && m.chadsVasc(r) >= 2
		},
		met: func(m *careContext, r *careRecord) bool { return r.anticoag },
	},
	// QOF SMOK002 for COPD: smoking status recorded in the last 12 months,
	// aged 15 or over (the smoking indicators' age).
	"copd_smoking_recorded": {
		in: func(m *careContext, r *careRecord) bool { return m.has(r, "copd") && m.age(r) >= 15 },
		met: func(m *careContext, r *careRecord) bool {
			return r.smokingRecordedLast > m.windowStart(12)
		},
	},
	// Adults (18+) on a statin on the as-of date (eighteenth review): the
	// most prescribed class in England, primary and secondary prevention.
	"adults_statin": {
		in:  func(m *careContext, r *careRecord) bool { return m.age(r) >= 18 },
		met: func(m *careContext, r *careRecord) bool { return r.statin },
	},
	// People 40-74 without cardiovascular disease, diabetes or CKD (the NHS
	// Health Check's eligible ages and exclusions, hypertension kept: its
	// reviews assess the risk too) with a cardiovascular risk score (QRISK3)
	// recorded in the last 5 years (eighteenth review).
	"cvd_risk_40_74": {
		in: func(m *careContext, r *careRecord) bool {
			a := m.age(r)
			return a >= 40 && a <= 74 && !m.has(r, "chd", "stroke_tia", "pad", "heart_failure", "type1_diabetes", "type2_diabetes", "ckd")
		},
		met: func(m *careContext, r *careRecord) bool { return r.riskScoredLast > m.windowStart(60) },
	},
	// NHS Cervical Screening Programme coverage ("age appropriate"): women
	// screened within 3.5 years (25-49) or 5.5 years (50-64) on the as-of
	// date. The record has no hysterectomy, so every woman is eligible.
	"cervical_25_49": {
		in:  func(m *careContext, r *careRecord) bool { return m.cervicalAge(r, 25, 49) },
		met: func(m *careContext, r *careRecord) bool { return r.cervicalLast > m.windowStart(42) },
	},
	"cervical_50_64": {
		in:  func(m *careContext, r *careRecord) bool { return m.cervicalAge(r, 50, 64) },
		met: func(m *careContext, r *careRecord) bool { return r.cervicalLast > m.windowStart(66) },
	},
	// The national screening programmes (nineteenth review; screening.yaml
	// programmes). Breast: women 53-70 screened in the last 36 months (NHS
	// England's coverage; from 53, by when every woman has been invited).
	// Bowel: people 60-74 with a kit result in the last 30 months (NHS
	// England's coverage). AAA: men 66-69 (invited in the year they turned
	// 65, inside the record) with no missed invitation coded: the share who
	// took up the one invitation, since a normal scan is not coded.
	"breast_53_70": {
		in:  func(m *careContext, r *careRecord) bool { a := m.age(r); return !r.p.male && a >= 53 && a <= 70 },
		met: func(m *careContext, r *careRecord) bool { return r.breastLast > m.windowStart(36) },
	},
	"bowel_60_74": {
		in:  func(m *careContext, r *careRecord) bool { a := m.age(r); return a >= 60 && a <= 74 },
		met: func(m *careContext, r *careRecord) bool { return r.bowelLast > m.windowStart(30) },
	},
	// The electronic Frailty Index (twentieth review; frailty.yaml): people
	// of 65 and over whose latest category coded in the last 15 months is
	// moderate or severe frailty. Fit is not coded, and nor is anyone
	// without a contact with a clinician in the year, so the denominator
	// is everyone living at 65+ (Clegg 2016 counted every registered
	// person of 65-95).
	"frailty_moderate_severe_65": {
		in:  func(m *careContext, r *careRecord) bool { return m.age(r) >= 65 },
		met: func(m *careContext, r *careRecord) bool { return r.frailMod && r.frailLast > m.windowStart(15) },
	},
	"aaa_66_69": {
		in:  func(m *careContext, r *careRecord) bool { a := m.age(r); return r.p.male && a >= 66 && a <= 69 },
		met: func(m *careContext, r *careRecord) bool { return !r.aaaMissed },
	},
	// NHSBSA / PHE: adults with an antidepressant prescription in the year
	// (eighteenth review): living adults on the as-of date with an
	// antidepressant issue running in the 12 months to it.
	"adult_antidepressant": {
		in:  func(m *careContext, r *careRecord) bool { return m.age(r) >= 18 },
		met: func(m *careContext, r *careRecord) bool { return r.antidepressant },
	},
	// PHE prescribed medicines review (2019): adults (18+) with an opioid
	// pain medicine, or a gabapentinoid, dispensed in the year (2017-18);
	// here a course running at some time in the 12 months to the as-of
	// date (eighteenth review).
	"adults_opioid_year": {
		in:  func(m *careContext, r *careRecord) bool { return m.age(r) >= 18 },
		met: func(m *careContext, r *careRecord) bool { return r.opioidYear },
	},
	"adults_gabapentinoid_year": {
		in:  func(m *careContext, r *careRecord) bool { return m.age(r) >= 18 },
		met: func(m *careContext, r *careRecord) bool { return r.gabapentinoidYear },
	},
}

// cervicalAge: a woman aged lo to hi on the as-of date.
func (m *careContext) cervicalAge(r *careRecord, lo, hi int) bool {
	a := m.age(r)
	return !r.p.male && a >= lo && a <= hi
}

// careConditions are the catalogue conditions the measures name.
var careConditions = []string{"type2_diabetes", "type1_diabetes", "hypertension", "chd", "stroke_tia",
	"pad", "atrial_fibrillation", "heart_failure", "copd", "ckd"}

// careContext answers the measures' questions about a record on the as-of date.
type careContext struct {
	asOf     models.Date
	bits     map[string]uint64 // catalogue condition key -> its bit in person.conds
	relevant uint64            // the bits of careConditions
}

func (m *careContext) has(r *careRecord, keys ...string) bool {
	for _, k := range keys {
		if r.p.conds&m.bits[k] != 0 {
			return true
		}
	}
	return false
}

func (m *careContext) age(r *careRecord) int { return ageAt(r.p, m.asOf) }

// windowStart is the day before a window of months ending on asOf: a
// 12-month window to 31 March 2025 starts on 1 April 2024. Every care
// measure and every "in the last year" count uses it.
func windowStart(asOf models.Date, months int) models.Date {
	return models.DateOf(asOf.Time().AddDate(0, -months, 0))
}

func (m *careContext) windowStart(months int) models.Date { return windowStart(m.asOf, months) }

func (m *careContext) within(x reading, months int) bool {
	return x.set && x.at.Date() > m.windowStart(months)
}

// bpAtMost: the latest systolic in 12 months is at most sys, and the
// diastolic taken with it (when there is one) at most dia.
func (m *careContext) bpAtMost(r *careRecord, sys, dia float64) bool {
	if !m.within(r.systolic, 12) || r.systolic.value > sys {
		return false
	}
	return !r.diastolic.set || r.diastolic.at != r.systolic.at || r.diastolic.value <= dia
}

// chadsVasc scores stroke risk in AF from the coded record, as practice
// systems do (the dataset records no score), by the catalogue's one
// definition (scores: cha2ds2_vasc), which the generator decides with too.
func (m *careContext) chadsVasc(r *careRecord) int {
	sc, err := datasets.ScoreByName("cha2ds2_vasc")
	if err != nil { // the embedded catalogue has it (datasets tests)
		return 0
	}
	return sc.Points(m.age(r), !r.p.male, func(key string) bool { return m.has(r, key) })
}

// Care-quality figures are checked (--strict fails on them) only when the
// reference is verified and rests on enough people; otherwise they are
// compared with their tolerance but advisory. See the README, "Checking
// realism", for why approx references are not checked.
const careGroup = "care quality"

// careQualityFigures adds a figure per catalogue care_quality target.
func careQualityFigures(rep *Report, cat *datasets.Catalogue, dir string, people map[string]*person,
	condBit map[string]int, asOf models.Date) error {
	if len(cat.CareQuality) == 0 {
		return nil
	}
	ctx, err := newCareContext(condBit, asOf)
	if err != nil {
		return err
	}
	codes, err := loadCareCodes()
	if err != nil {
		return err
	}
	records := ctx.records(people)
	if err := readCareRecords(dir, records, codes, asOf); err != nil {
		return err
	}
	for _, t := range cat.CareQuality {
		rep.add(careFigure(t, ctx, records))
	}
	return nil
}

func newCareContext(condBit map[string]int, asOf models.Date) (*careContext, error) {
	ctx := &careContext{asOf: asOf, bits: map[string]uint64{}}
	for _, k := range careConditions {
		bit, ok := condBit[k]
		if !ok {
			return nil, fmt.Errorf("stats: care quality needs catalogue condition %q", k)
		}
		ctx.bits[k] = 1 << bit
		ctx.relevant |= 1 << bit
	}
	return ctx, nil
}

// records makes an empty record for each living person on a register the
// measures use, each woman of screening age and each adult (the
// prescribing shares, statins and the risk score); only they are read further.
func (m *careContext) records(people map[string]*person) map[string]*careRecord {
	out := map[string]*careRecord{}
	for id, p := range people {
		if p.death == models.NoDate && (p.conds&m.relevant != 0 || ageAt(p, m.asOf) >= 18 || m.cervicalAge(&careRecord{p: p}, 25, 64)) {
			out[id] = &careRecord{p: p}
		}
	}
	return out
}

// careFigure measures one target over the records.
func careFigure(t datasets.CareQualityTarget, ctx *careContext, records map[string]*careRecord) Figure {
	m, ok := careMeasures[t.Key]
	if !ok { // the catalogue loader only accepts datasets.CareQualityKeys
		panic("stats: no definition for care-quality measure " + t.Key)
	}
	var den, num int64
	for _, r := range records {
		if m.in(ctx, r) {
			den++
			if m.met(ctx, r) {
				num++
			}
		}
	}
	f := Figure{Group: careGroup, Name: t.Name, Unit: "%", Value: 100 * float64(num) / float64(max(den, 1)),
		Reference: t.Percent, SE: percentSE(num, den), N: den, Tolerance: t.Tolerance, Points: true,
		Source: t.Source, Status: t.Status}
	switch {
	case t.Status != "verified":
		f.Advisory, f.Note = true, "shown, not checked: the reference is approx (not verified)"
	case den < minCheckedCases:
		f.Advisory, f.Note = true, fmt.Sprintf("shown, not checked: fewer than %d people measured", minCheckedCases)
	}
	return f
}
