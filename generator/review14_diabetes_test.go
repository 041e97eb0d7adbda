// Checks for the fourteenth review's type 2 diabetes care (docs/clinical-model.md,
// "Type 2 diabetes care and eye and foot checks (fourteenth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// metforminStep is the regimens.csv step a metformin issue prescribes, by
// its dose text (every step is the same 500 mg tablet), or -1.
func metforminStep(rx *models.Prescription) int {
	for _, g := range datasets.Regimens("metformin") {
		if g.DoseText == rx.DoseText && g.MaxAge >= 18 {
			return g.Step
		}
	}
	return -1
}

// TestMetforminIsRaisedWhileHbA1cIsHigh: metformin began at 500 mg once
// daily and stayed there for years while HbA1c sat at 50-57, since only a
// second reading above 58 stepped treatment up (150 of 895 people on it a
// year or more, generate -n 20000 -s 5). NICE NG28 1.6 asks for 48 on a
// single drug not associated with hypoglycaemia and the BNF raises the dose
// gradually to 2 g a day: someone started on 500 mg once daily with two
// readings above 53 on it is raised (want fewer than 1 in 50 left there).
func TestMetforminIsRaisedWhileHbA1cIsHigh(t *testing.T) {
	r := pathwayPopulation(t)
	hba1c := r.snomed("hba1c")
	moderate, severe := r.snomed("moderate_frailty"), r.snomed("severe_frailty_category")
	n, held := 0, 0
	for id, list := range r.rxOf {
		var first, last models.Date
		start, top := -1, -1
		for _, rx := range list {
			st := metforminStep(rx)
			if medKey(rx) != "metformin" || st < 0 {
				continue
			}
			if start < 0 || rx.StartDate < first {
				first, start = rx.StartDate, st
			}
			last = max(last, rx.StartDate)
			top = max(top, st)
		}
		if start != 0 || last-first < 365 {
			continue
		}
		// from 85 and on the palliative care register the target is 64
		// (seventeenth review: a relaxed target in the old and frail), in
		// moderate frailty too (h70g) and 69 in severe frailty (h73b), as
		// the practice codes it
		reg := r.has(id, r.p.Cat.EndOfLife.Register.Key)
		high := 0
		for _, o := range r.values(id, hba1c) {
			d := o.EffectiveTime.Date()
			limit := 53.0
			if ageOnDay(r.patients[id], d) >= 85 || (reg != nil && d >= reg.OnsetDate) || r.codedBetween(id, moderate, 0, d) {
				limit = 64
			}
			if r.codedBetween(id, severe, 0, d) {
				limit = 69
			}
			if d > first+titrateDays && d <= last && *o.Value > limit {
				high++
			}
		}
		if high < 2 {
			continue
		}
		n++
		if top == 0 {
			held++
		}
	}
	enough(t, n, 40, "people started on metformin 500 mg once daily with two HbA1c readings above 53 on it")
	t.Logf("%d people started on metformin 500 mg daily with two HbA1c above 53 on it: %d never raised", n, held)
	if 50*held > n {
		t.Errorf("%d of %d people with two HbA1c readings above 53 on metformin 500 mg once daily were never raised, want fewer than 1 in 50 (NICE NG28 1.6: 48 on one drug)", held, n)
	}
}

// TestFootExaminationIsYearly: the diabetic foot examination was coded at
// both reviews of a year and at every follow-up (median 156 days between
// checks, 84% of gaps under 200 days; generate -n 20000 -s 5). NICE NG19
// asks for it at least once a year: it is now done at the first review a
// year after the last one, so few checks follow another within 200 days.
func TestFootExaminationIsYearly(t *testing.T) {
	r := pathwayPopulation(t)
	foot := r.snomed("foot_check")
	gaps, short := 0, 0
	for id := range r.patients {
		var days []models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == foot {
				days = append(days, o.EffectiveTime.Date())
			}
		}
		slices.Sort(days)
		for i := 1; i < len(days); i++ {
			gaps++
			if days[i]-days[i-1] < 200 {
				short++
			}
		}
	}
	enough(t, gaps, 300, "pairs of successive foot examinations")
	t.Logf("%d successive foot examinations: %d within 200 days", gaps, short)
	if 20*short > gaps {
		t.Errorf("%d of %d foot examinations within 200 days of the one before, want fewer than 1 in 20 (NICE NG19: yearly)", short, gaps)
	}
}

// TestDiabeticEyeScreeningIsCoded: no diabetic eye screening was ever
// coded. Everyone with diabetes aged 12 or over is invited every year by the
// NHS Diabetic Eye Screening Programme and about 83% attend (screening.yaml
// diabetic_eye): of the people with diabetes diagnosed two years or more
// before the record ends, alive, most have a screen in its last 15 months,
// each at an appointment with the programme about their diabetes.
func TestDiabeticEyeScreeningIsCoded(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("diabetic_eye_screening")
	if !ok {
		t.Fatal("observation_codes.csv: no diabetic_eye_screening")
	}
	eye := code.Snomed
	end := r.p.Opts.Population()
	dm, screened := 0, 0
	for id, pt := range r.patients {
		c := r.has(id, "type2_diabetes")
		if c == nil {
			c = r.has(id, "type1_diabetes")
		}
		if c == nil || pt.DeathDate != models.NoDate || c.OnsetDate > end-730 || c.OnsetDate < r.p.windowStart-3650 {
			continue
		}
		dm++
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != eye || o.EffectiveTime.Date() <= end-456 {
				continue
			}
			e := r.encs[o.EncounterID]
			if e == nil || e.Setting != settingOutpatient || e.TypeCode != eye || e.ReasonConditionID == "" {
				t.Fatalf("eye screen of %s at encounter %+v: want the programme's appointment about the diabetes", id, e)
			}
			screened++
			break
		}
	}
	enough(t, dm, 100, "people alive with diabetes diagnosed two years before the end")
	t.Logf("%d people with diabetes: %d screened in the last 15 months", dm, screened)
	if 100*screened < 70*dm || 100*screened > 95*dm {
		t.Errorf("%d of %d people with diabetes screened in the last 15 months, want 70-95%% (uptake 82.7%%)", screened, dm)
	}
}

// TestHbA1cRisesIntoTheDiagnosis: while type 2 diabetes developed, the cap
// that keeps people without non-diabetic hyperglycaemia below 42 still held,
// so a reading a year before the diagnosis was 29-40 and the diagnosing one
// 60-78 (43 of 120 readings within two years before a diagnosing reading
// rose by more than 25; 119 were below 42; generate -n 20000 -s 5). A
// condition that rules out non-diabetic hyperglycaemia now lifts its cap as
// it develops, so the level rises through 42-47 into the diagnosis.
func TestHbA1cRisesIntoTheDiagnosis(t *testing.T) {
	r := pathwayPopulation(t)
	hba1c := r.snomed("hba1c")
	pairs, jumps := 0, 0
	for id := range r.patients {
		c := r.has(id, "type2_diabetes")
		if c == nil {
			continue
		}
		vals := r.values(id, hba1c)
		slices.SortFunc(vals, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
		for i := 1; i < len(vals); i++ {
			d, prev := vals[i].EffectiveTime.Date(), vals[i-1].EffectiveTime.Date()
			if d != c.OnsetDate || d-prev > 730 {
				continue
			}
			pairs++
			if *vals[i].Value-*vals[i-1].Value > 25 {
				jumps++
			}
		}
	}
	enough(t, pairs, 20, "HbA1c readings within two years before a diagnosing one")
	t.Logf("%d HbA1c readings within two years before the diagnosing one: %d rose by more than 25", pairs, jumps)
	if 20*jumps > pairs {
		t.Errorf("%d of %d HbA1c readings within two years before a diagnosis of type 2 diabetes were followed by a rise of more than 25, want fewer than 1 in 20", jumps, pairs)
	}
}
