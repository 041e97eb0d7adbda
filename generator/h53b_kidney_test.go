package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Brief h53b: diabetes and kidney disease. Each test failed with the
// generator and data of main (187b59f); the counts are in the commit.

// isSGLT2 reports whether a prescription is of an SGLT2 inhibitor.
func isSGLT2(rx *models.Prescription) bool {
	k := medKey(rx)
	return k == "dapagliflozin" || k == "empagliflozin"
}

// TestType2DiabetesWithCVDOrAlbuminuriaIsOfferedSGLT2: NICE NG28 (2022)
// offers an SGLT2 inhibitor to adults with type 2 diabetes and heart
// failure or atherosclerotic cardiovascular disease, and NICE NG203 (2021)
// to those with CKD and an ACR over 30, whatever the HbA1c. A GP found most
// of them never on one and never offered it. Everyone alive two years after
// the guidance with the indication a year before has one, or has declined
// it (coded).
func TestType2DiabetesWithCVDOrAlbuminuriaIsOfferedSGLT2(t *testing.T) {
	r := review5Population(t)
	acr := r.snomed("urine_acr")
	const declined = "182895007"
	cvdFrom, ckdFrom := models.DateFromYMD(2022, 2, 15), models.DateFromYMD(2021, 8, 25)
	byDay := models.DateFromYMD(2023, 3, 31) // a year's reviews after the later guidance
	n, missed := 0, 0
	for id, pt := range r.patients {
		dm := r.has(id, "type2_diabetes")
		if dm == nil || (pt.DeathDate != models.NoDate && pt.DeathDate < DefaultAsOf) || dm.OnsetDate > byDay {
			continue
		}
		from := models.NoDate
		for _, k := range []string{"chd", "heart_failure", "stroke_tia", "pad"} {
			if c := r.has(id, k); c != nil && c.OnsetDate <= byDay {
				from = cvdFrom
			}
		}
		if ckd := r.has(id, "ckd"); from == models.NoDate && ckd != nil {
			for _, o := range r.values(id, acr) {
				if d := o.EffectiveTime.Date(); *o.Value > 30 && d >= max(ckd.OnsetDate, ckdFrom) && d <= byDay {
					from = ckdFrom
				}
			}
		}
		if from == models.NoDate {
			continue
		}
		n++
		offered := slices.ContainsFunc(r.rxOf[id], isSGLT2)
		for _, o := range r.obsOf[id] {
			if (o.SnomedCode == declined || o.ValueCode == declined) && o.EffectiveTime.Date() >= from {
				offered = true
			}
		}
		if !offered {
			missed++
		}
	}
	enough(t, n, 80, "living people with type 2 diabetes and cardiovascular disease or CKD with an ACR over 30")
	t.Logf("%d people with type 2 diabetes and an SGLT2 indication: %d never on one nor declined it", n, missed)
	if missed > n/20 {
		t.Errorf("%d of %d people with type 2 diabetes and cardiovascular disease or CKD with an ACR over 30 never had an SGLT2 inhibitor and never declined one (want 5%% or fewer)", missed, n)
	}
}

// TestCKDWithAnACRof70IsReferred: NICE NG203 1.5.5 refers adults with CKD
// and an ACR of 70 mg/mmol or more unless it is diabetes's and treated. A
// GP found none of the people without diabetes whose ACR reached 70
// referred. Each with such an ACR at a CKD review, the review at least two
// months before the as-of date, is referred (coded, or seen in the renal
// clinic since) or declined referral.
func TestCKDWithAnACRof70IsReferred(t *testing.T) {
	r := review5Population(t)
	acr := r.snomed("urine_acr")
	keys := r.conditionKeys()
	atCKDReview := func(o *models.Observation) bool {
		e := r.encs[o.EncounterID]
		return e != nil && keys[e.ReasonConditionID] == "ckd"
	}
	referred := map[string]bool{r.snomed("nephrology_referral"): true, r.snomed("nephrology_referral_refused"): true}
	n, missed := 0, 0
	for id := range r.patients {
		ckd := r.has(id, "ckd")
		if ckd == nil || r.has(id, "type2_diabetes") != nil || r.has(id, "type1_diabetes") != nil {
			continue
		}
		first := models.NoDate
		for _, o := range r.values(id, acr) {
			d := o.EffectiveTime.Date()
			if *o.Value >= 70 && d >= ckd.OnsetDate && d <= DefaultAsOf-60 && (first == models.NoDate || d < first) && atCKDReview(o) {
				first = d
			}
		}
		if first == models.NoDate {
			continue
		}
		n++
		seen := false // the renal clinic seen: referred, whatever was coded
		for _, e := range r.b.Encounters {
			if e.PatientID == id && e.Setting == "outpatient" && keys[e.ReasonConditionID] == "ckd" && e.StartTime.Date() >= first {
				seen = true
			}
		}
		if !seen && !slices.ContainsFunc(r.obsOf[id], func(o *models.Observation) bool { return referred[o.SnomedCode] }) {
			missed++
		}
	}
	enough(t, n, 8, "people with CKD and no diabetes with an ACR of 70 or more at a CKD review")
	t.Logf("%d people with CKD, no diabetes and an ACR of 70 or more: %d never referred", n, missed)
	if missed > 0 {
		t.Errorf("%d of %d people with CKD and no diabetes with an ACR of 70 or more at a CKD review were never referred (want none)", missed, n)
	}
}

// ckdStageOf is the index of the CKD stage an eGFR shows (-1: none).
func ckdStageOf(stages []datasets.Stage, v float64) int {
	k := -1
	for i, st := range stages {
		if v < st.Below {
			k = i
		}
	}
	return k
}

// TestCKDStageFollowsSustainedReadings: NICE NG203 1.1 stages CKD by an
// eGFR that lasts more than 3 months. A GP found CKD 3B coded on a single
// eGFR of 44 after readings in the 50s, and a stage never coded down when
// every reading for years since showed a milder one. Now the first stage
// coded in the record is no more severe than the reading of its day and a
// reading 90 days or more before it; and nobody is coded a stage more
// severe than every reading of the last 6 months or more shows.
func TestCKDStageFollowsSustainedReadings(t *testing.T) {
	r := review5Population(t)
	egfr := r.snomed("egfr")
	stages := r.p.conds[r.p.condIndex["ckd"]].stages
	stageIdx := func(c *models.Condition) int {
		return slices.IndexFunc(stages, func(st datasets.Stage) bool { return st.Snomed == c.SnomedCode })
	}
	firstDay := DefaultAsOf - 3652
	nFirst, tooSevere, nHeld, behind := 0, 0, 0, 0
	for id := range r.patients {
		var rows []*models.Condition
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "ckd" && stageIdx(c) >= 0 {
				rows = append(rows, c)
			}
		}
		if len(rows) == 0 {
			continue
		}
		slices.SortStableFunc(rows, func(a, b *models.Condition) int { return int(a.OnsetDate - b.OnsetDate) })
		vs := r.values(id, egfr)
		slices.SortStableFunc(vs, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
		// the first stage, coded in the record after a year of it
		if c := rows[0]; c.OnsetDate >= firstDay+365 && stageIdx(c) < len(stages)-1 {
			today, before := -2, -2
			for _, o := range vs {
				switch d := o.EffectiveTime.Date(); {
				case d == c.OnsetDate:
					today = max(today, ckdStageOf(stages, *o.Value))
				case d <= c.OnsetDate-90:
					before = max(before, ckdStageOf(stages, *o.Value))
				}
			}
			if today > -2 && before > -2 {
				nFirst++
				if stageIdx(c) > min(today, before) {
					tooSevere++
				}
			}
		}
		// the stage in force now, against every reading of the last 6 months+
		last := rows[len(rows)-1]
		if r.patients[id].DeathDate != models.NoDate || stageIdx(last) == len(stages)-1 || len(vs) < 2 {
			continue
		}
		worst, span := -1, models.Date(0)
		end := vs[len(vs)-1].EffectiveTime.Date()
		for k := len(vs) - 1; k >= 0 && end-vs[k].EffectiveTime.Date() <= 365; k-- {
			worst = max(worst, ckdStageOf(stages, *vs[k].Value))
			span = end - vs[k].EffectiveTime.Date()
		}
		if span < 182 || last.OnsetDate > end-182 {
			continue
		}
		nHeld++
		if stageIdx(last) > max(worst, 0) {
			behind++
		}
	}
	enough(t, nFirst, 100, "first CKD stages coded in the record")
	enough(t, nHeld, 300, "living people with CKD and a year of eGFRs")
	t.Logf("first stages: %d of %d more severe than a reading of their day or one 90+ days before; stage now: %d of %d more severe than every reading of the last 6-12 months", tooSevere, nFirst, behind, nHeld)
	if tooSevere > nFirst/100 {
		t.Errorf("%d of %d first CKD stages were more severe than the reading of their day or every reading 90 days or more before (want 1%% or fewer)", tooSevere, nFirst)
	}
	if behind > nHeld/50 {
		t.Errorf("%d of %d people with CKD coded a stage more severe than every eGFR of the last 6-12 months (want 2%% or fewer)", behind, nHeld)
	}
}
