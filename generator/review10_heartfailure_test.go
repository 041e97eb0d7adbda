// Checks for the tenth review's heart failure titration and hyperkalaemia
// (docs/clinical-model.md, "Heart failure titration, kidneys and potassium
// (tenth review)").
package generator

import (
	"math"
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// heartFailureIssues is the patient's prescriptions of a medicine issued for
// heart failure (their condition_id a heart failure row), by issue date.
func (r *realism) heartFailureIssues(id, med string) []*models.Prescription {
	hf := map[string]bool{}
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "heart_failure" {
			hf[c.ConditionID] = true
		}
	}
	var out []*models.Prescription
	for _, rx := range r.rxOf[id] {
		if hf[rx.ConditionID] && medKey(rx) == med {
			out = append(out, rx)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartDate < out[j].StartDate })
	return out
}

// TestHeartFailureBisoprololStartsLowAndSteps: bisoprolol for heart failure
// was started at 5 mg, the angina and AF dose, and never changed (253 of 253
// first issues for heart failure on generate -n 20000 -s 5). NICE NG106 and
// the BNF start it at 1.25 mg and titrate it as tolerated through 2.5, 3.75,
// 5 and 7.5 to 10 mg. Diagnosed in the record, the first issue for heart
// failure is now 1.25 mg; each rise is one step of that ladder, at least two
// weeks after the dose before; a dose lowered for a slow heart is not raised
// again; and those who reach 10 mg do so within months (the titration
// reviews 2-4 weeks apart, catalogue titration_days), not the two years
// three-monthly follow-ups took.
func TestHeartFailureBisoprololStartsLowAndSteps(t *testing.T) {
	r := review5Population(t)
	ladder := []float64{1.25, 2.5, 3.75, 5, 7.5, 10}
	stepOf := func(mg float64) int {
		for i, v := range ladder {
			if v == mg {
				return i
			}
		}
		return -1
	}
	first, low, top, rises := 0, 0, 0, 0
	var toTop []int // days from a first issue of 1.25 mg to the first of 10 mg
	for id := range r.patients {
		hf := r.has(id, "heart_failure")
		if hf == nil {
			continue
		}
		rxs := r.heartFailureIssues(id, "bisoprolol")
		if len(rxs) == 0 {
			continue
		}
		if hf.OnsetDate >= r.p.windowStart {
			first++
			if mg := strengthMg(rxs[0].Medication); mg == 1.25 {
				low++
			} else if first-low <= 3 {
				t.Logf("%s: heart failure from %s, first bisoprolol for it %s on %s", id, hf.OnsetDate, rxs[0].Medication, rxs[0].StartDate)
			}
		}
		prev, since, lowered := -1, models.Date(0), false
		for _, rx := range rxs {
			s := stepOf(strengthMg(rx.Medication))
			if s < 0 {
				t.Fatalf("%s: %s issued for heart failure is not a step of the ladder", id, rx.Medication)
			}
			if s == len(ladder)-1 {
				if top++; stepOf(strengthMg(rxs[0].Medication)) == 0 && prev < s {
					toTop = append(toTop, int(rx.StartDate-rxs[0].StartDate))
				}
			}
			switch {
			case prev >= 0 && s > prev:
				rises++
				if s != prev+1 || rx.StartDate-since < 14 || lowered {
					t.Fatalf("%s: bisoprolol raised from %.2f mg (since %s) to %s on %s (lowered before: %v)",
						id, ladder[prev], since, rx.Medication, rx.StartDate, lowered)
				}
			case prev >= 0 && s < prev:
				lowered = true
			}
			if s != prev {
				prev, since = s, rx.StartDate
			}
		}
	}
	enough(t, first, 20, "people diagnosed with heart failure in the record with bisoprolol for it")
	t.Logf("first bisoprolol for heart failure at 1.25 mg: %d of %d diagnosed in the record; %d one-step rises; %d issues of 10 mg", low, first, rises, top)
	if low != first {
		t.Errorf("%d of %d first issues of bisoprolol for heart failure at 1.25 mg, want all", low, first)
	}
	if rises == 0 || top == 0 {
		t.Fatalf("bisoprolol for heart failure never stepped up (%d rises) or never reached 10 mg (%d issues)", rises, top)
	}
	enough(t, len(toTop), 10, "people from bisoprolol 1.25 mg to 10 mg")
	sort.Ints(toTop)
	median := toTop[len(toTop)/2]
	t.Logf("%d people from 1.25 mg to 10 mg, median %d days", len(toTop), median)
	if median > 240 {
		t.Errorf("median %d days from bisoprolol 1.25 mg to 10 mg for heart failure, want within about 6 months", median)
	}
}

// ta679 is the day NICE TA679 recommended dapagliflozin for heart failure
// with reduced ejection fraction (published 24 February 2021).
var ta679 = models.CivilDate(2021, 2, 24)

// TestHeartFailureSGLT2NotBeforeTA679: dapagliflozin was issued for heart
// failure from 2015 (92 of 166 issues, 29 of 42 people, before 2021 on
// generate -n 20000 -s 5), years before NICE recommended it for the
// indication. None is now issued for heart failure before TA679; people
// whose line fell before it start at a review after it.
func TestHeartFailureSGLT2NotBeforeTA679(t *testing.T) {
	r := review5Population(t)
	before, after := 0, 0
	for id := range r.patients {
		for _, rx := range r.heartFailureIssues(id, "dapagliflozin") {
			if rx.StartDate < ta679 {
				before++
				if before <= 3 {
					t.Logf("%s: %s issued for heart failure on %s", id, rx.Medication, rx.StartDate)
				}
			} else {
				after++
			}
		}
	}
	enough(t, after, 10, "dapagliflozin issues for heart failure")
	if before > 0 {
		t.Errorf("%d dapagliflozin issues for heart failure before NICE TA679 (%s), %d after", before, ta679, after)
	}
}

// TestHyperkalaemiaIsCodedAndNamed: a potassium of 6.0 or more stopped RAAS
// blockers but no problem was recorded, and the A&E
// attendance named the condition under review (0 Hyperkalaemia rows for 75
// results on generate -n 20000 -s 5). Every such result now has
// Hyperkalaemia (SNOMED CT 14140009) active on its day, coded that day or
// within the week before (a repeat still high); and the same-day A&E
// attendance at 6.5 or more names it as its reason.
func TestHyperkalaemiaIsCodedAndNamed(t *testing.T) {
	r := review5Population(t)
	code := r.snomed("potassium")
	high, severe, named := 0, 0, 0
	for id := range r.patients {
		var rows []*models.Condition
		for _, c := range r.condsOf[id] {
			if c.SnomedCode == "14140009" {
				rows = append(rows, c)
			}
		}
		for _, o := range r.values(id, code) {
			v, d := *o.Value, o.EffectiveTime.Date()
			if v < 6.0 {
				continue
			}
			high++
			var row *models.Condition
			for _, c := range rows {
				if c.OnsetDate <= d && d-c.OnsetDate < 7 && (c.ResolvedDate == models.NoDate || c.ResolvedDate >= d) {
					row = c
				}
			}
			if row == nil {
				t.Fatalf("%s: potassium %.1f on %s with no Hyperkalaemia active that day (%d rows)", id, v, d, len(rows))
			}
			if row.ResolvedDate == models.NoDate && row.OnsetDate+7 <= r.p.Opts.AsOf {
				t.Fatalf("%s: Hyperkalaemia from %s not resolved", id, row.OnsetDate)
			}
			if e := r.encs[o.EncounterID]; v < 6.5 || e != nil && e.Setting == settingInpatient {
				continue // the ward's repeat after treatment is not sent anywhere (h71f resultadmit.go)
			}
			severe++
			if e := r.aeAfter(o); e != nil && e.ReasonConditionID == row.ConditionID {
				named++
			}
		}
	}
	enough(t, high, 20, "potassium results of 6.0 or more")
	t.Logf("%d potassium results of 6.0 or more, each with Hyperkalaemia active; %d of %d at 6.5 or more with an A&E attendance naming it", high, named, severe)
	enough(t, severe, 1, "potassium results of 6.5 or more")
	if named < severe {
		t.Errorf("%d of %d same-day A&E attendances after a potassium of 6.5 or more name Hyperkalaemia", named, severe)
	}
}

// TestRAASBlockadeLowersUrineACR: an ACE inhibitor or ARB did not move the
// urine ACR (people starting one in the record: geometric mean of the first
// ACR 1-15 months after against the latest in the year before, 0.96 on
// generate -n 20000 -s 5). RAAS blockade lowers albuminuria by about 40%
// (Geng et al. 2013: ratio of means 0.53; prescribing.yaml state_effects):
// the ratio is now 0.62 on the same dataset (h10c).
func TestRAASBlockadeLowersUrineACR(t *testing.T) {
	r := review5Population(t)
	code := r.snomed("urine_acr")
	n, sum := 0, 0.0
	for id := range r.patients {
		start := models.NoDate
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "raas_blocker") && (start == models.NoDate || rx.StartDate < start) {
				start = rx.StartDate
			}
		}
		if start == models.NoDate || start < r.p.windowStart+365 {
			continue
		}
		var before, after *models.Observation
		for _, o := range r.values(id, code) {
			d := o.EffectiveTime.Date()
			if d <= start && d >= start-365 && (before == nil || o.EffectiveTime > before.EffectiveTime) {
				before = o
			}
			if d >= start+30 && d <= start+456 && (after == nil || o.EffectiveTime < after.EffectiveTime) {
				after = o
			}
		}
		if before == nil || after == nil {
			continue
		}
		n++
		sum += math.Log(*after.Value) - math.Log(*before.Value)
	}
	enough(t, n, 100, "people with a urine ACR before and after starting an ACE inhibitor or ARB")
	ratio := math.Exp(sum / float64(n))
	t.Logf("%d people: urine ACR after / before starting an ACE inhibitor or ARB, geometric mean %.2f", n, ratio)
	if ratio > 0.8 {
		t.Errorf("urine ACR after starting an ACE inhibitor or ARB %.2f times the one before, want about 0.6", ratio)
	}
}
