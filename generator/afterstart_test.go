package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAntidepressantIsReviewedWithinWeeks: a GP read antidepressants started
// and next reviewed a year later. NICE NG222 1.4.11: the first review is
// usually within 2 weeks (1 week from 18 to 25), then every few weeks in the
// first 3 months (catalogue reviews.after_start). For depression diagnosed
// in the record, the first antidepressant is followed by a PHQ-9 within 3
// weeks, and by at least three reviews in the 3 months after it.
func TestAntidepressantIsReviewedWithinWeeks(t *testing.T) {
	r := pathwayPopulation(t)
	phq9, _ := datasets.ObservationByKey("phq9")
	started, soon, followed := 0, 0, 0
	for pid, conds := range r.condsOf {
		var dep *models.Condition
		for _, c := range conds {
			if c.ConditionKey == "depression" && c.OnsetDate >= r.p.windowStart {
				dep = c
			}
		}
		if dep == nil {
			continue
		}
		first := models.NoDate
		for _, rx := range r.rxOf[pid] {
			if rx.ConditionID == dep.ConditionID && r.p.medPlans[medKey(rx)].inClass("antidepressant") && (first == models.NoDate || rx.StartDate < first) {
				first = rx.StartDate
			}
		}
		last := r.p.Opts.AsOf
		if d := r.patients[pid].DeathDate; d != models.NoDate {
			last = d
		}
		if first == models.NoDate || first+100 > last {
			continue
		}
		started++
		within3w, within3m := 0, 0
		for _, o := range r.obsOf[pid] {
			if d := o.EffectiveTime.Date(); o.SnomedCode == phq9.Snomed && d > first && d <= first+92 {
				within3m++
				if d <= first+21 {
					within3w++
				}
			}
		}
		if within3w > 0 {
			soon++
		}
		if within3m >= 3 {
			followed++
		}
	}
	t.Logf("%d antidepressants started in the record: %d with a PHQ-9 within 3 weeks, %d with three reviews in 3 months", started, soon, followed)
	if started < 30 || float64(soon) < 0.9*float64(started) || float64(followed) < 0.8*float64(started) {
		t.Errorf("%d antidepressants started: %d reviewed within 3 weeks, %d reviewed three times in 3 months; want 90%% and 80%%", started, soon, followed)
	}
}

// TestHighHbA1cIsCheckedAgainSoon: a GP read HbA1c of 64 and more year
// after year with nothing changed between (271 of 411 such pairs). A
// treated diabetic whose HbA1c misses the target is checked again at a
// follow-up about three months later (care_target recheck, NICE NG28 1.6.1:
// every 3-6 months until stable), where a second miss may step treatment
// up.
func TestHighHbA1cIsCheckedAgainSoon(t *testing.T) {
	r := pathwayPopulation(t)
	hba1c := r.snomed("hba1c")
	high, soon := 0, 0
	for id, conds := range r.condsOf {
		diabetic := false
		for _, c := range conds {
			diabetic = diabetic || c.ConditionKey == "type2_diabetes"
		}
		if !diabetic || len(r.rxOf[id]) == 0 {
			continue
		}
		vals := r.values(id, hba1c)
		slices.SortFunc(vals, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
		for i := 0; i+1 < len(vals); i++ {
			if *vals[i].Value <= 58 || vals[i].EffectiveTime.Date() < r.p.windowStart {
				continue
			}
			high++
			if vals[i+1].EffectiveTime.Date()-vals[i].EffectiveTime.Date() <= 130 {
				soon++
			}
		}
	}
	t.Logf("%d HbA1c readings above 58 followed by another, %d within 130 days", high, soon)
	if high < 100 || soon < high*2/3 {
		t.Errorf("%d HbA1c readings above 58 followed by another, %d within 130 days; want two thirds (45%% before the recheck)", high, soon)
	}
}
