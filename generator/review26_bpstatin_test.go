// Checks for the twenty-sixth review's blood pressure treatment in the very
// old and statins in chronic kidney disease (docs/clinical-model.md, "Blood
// pressure at 80 and over, and the statin in CKD (twenty-sixth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// bpUnchangedAfterTwoAbove counts, for people with hypertension treated for
// it, their first pair of systolic readings in a row (2016 to six months
// before the end) both at or above NICE NG136's target for the age at the
// second (bpTarget), and whether any antihypertensive not running in the
// month before the second reading (a new drug or a new strength) starts in
// the six months from it. over80 picks the pairs whose second reading is at
// 80 or over.
func (r *realism) bpUnchangedAfterTwoAbove(over80 bool) (pairs, unchanged int) {
	sbp := r.snomed("systolic_bp")
	end := r.p.Opts.Population()
	sd := r.p.conds[r.p.condIndex["hypertension"]].CareTarget.StepDown
	for id, pt := range r.patients {
		h := r.has(id, "hypertension")
		if h == nil {
			continue
		}
		var days []models.Date
		var vals []float64
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == sbp && o.Value != nil && o.EffectiveTime.Date() > h.OnsetDate {
				days, vals = append(days, o.EffectiveTime.Date()), append(vals, *o.Value)
			}
		}
		idx := make([]int, len(days))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return int(days[a] - days[b]) })
		for j := 1; j < len(idx); j++ {
			d, v, pv := days[idx[j]], vals[idx[j]], vals[idx[j-1]]
			age := int(float64(d-pt.BirthDate) / 365.25)
			if d < models.CivilDate(2016, 1, 1) || d > end-183 || pt.DeathDate != models.NoDate && pt.DeathDate < d+183 {
				continue
			}
			target := bpTarget(age)
			if age >= 80 && r.frailFor(id, sd, d) { // treated to a relaxed target in frailty (catalogue step_down)
				target = sd.Above
			}
			if v < target || pv < target {
				continue
			}
			if !slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool { return inClassRx(rx, "antihypertensive") && runsOn(rx, d) }) {
				continue
			}
			if age >= 80 == over80 {
				pairs++
				before := map[string]bool{}
				for _, rx := range r.rxOf[id] {
					if inClassRx(rx, "antihypertensive") && rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate >= d-30) {
						before[rx.Medication] = true
					}
				}
				if !slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
					return inClassRx(rx, "antihypertensive") && rx.StartDate >= d && rx.StartDate <= d+183 && !before[rx.Medication]
				}) {
					unchanged++
				}
			}
			break // the person's first such pair
		}
	}
	return pairs, unchanged
}

// TestVeryOldTreatmentRaisedAboveTheirTarget: NICE NG136 treats to a clinic
// target below 150/90 from 80 by the same steps as below 140/90 under 80.
// On main a drug running was raised from 80 at 1 review in 10 above 150
// (the inertia of adding a drug), so of people of 80+ on treatment with two
// systolics in a row of 150 or more, 166 of 207 (80.2%) had no change of
// treatment within six months, against 49.4% under 80 at 140 (generate -n
// 20000 -s 5; this test on main: 146 of 183, 79.8%, against 50.9%). Now the
// dose is raised by catalogue titrate_from_80: 68.9% against 48.8% (this
// test: 124 of 175, 70.9%, against 51.2%); at most 75% allowed, and within
// 25 points of the under-80s. h47d: from 80 the frail are judged against
// step_down's relaxed 160 (frailFor); with the wider spread of readings
// from 80 (old_age_noise) 141 of 193, 73.1%.
func TestVeryOldTreatmentRaisedAboveTheirTarget(t *testing.T) {
	r := review5Population(t)
	n80, u80 := r.bpUnchangedAfterTwoAbove(true)
	n, u := r.bpUnchangedAfterTwoAbove(false)
	enough(t, n80, 100, "people of 80+ with two treated systolics in a row of 150 or more")
	enough(t, n, 500, "people under 80 with two treated systolics in a row of 140 or more")
	old, young := float64(u80)/float64(n80), float64(u)/float64(n)
	t.Logf("no change in 6 months: 80+ %d of %d (%.1f%%), under 80 %d of %d (%.1f%%)", u80, n80, 100*old, u, n, 100*young)
	if old > 0.75 || old-young > 0.25 {
		t.Errorf("80+: %.1f%% with no change of treatment in 6 months after two systolics of 150 or more (under 80: %.1f%%); want at most 75%% and within 25 points", 100*old, 100*young)
	}
}

// TestStatinOfferedInCKD: NICE CG181 1.3.27 and QS5 statement 3 offer
// atorvastatin 20 mg to adults with CKD. On main CKD gave it at the
// diagnosis by a chance of 0.6 and never again, with nothing coded: of
// people with CKD (from 2015 or the record's start) alive a year on, 129 of
// 757 had no statin and no "Statin declined" or "Lipid lowering therapy
// contraindicated" by a year (generate -n 20000 -s 5; this test on main,
// leaving out the palliative care register: 122 of 600, 20%). Now each CKD
// review offers it while none runs (cvd_risk statin offered_in): 15 of 757;
// at most 5% allowed (people not reviewed within the year, or whose start
// the prescribing rules bar).
func TestStatinOfferedInCKD(t *testing.T) {
	r := review5Population(t)
	start := models.CivilDate(2015, 1, 1)
	declined := map[string]bool{"134396000": true, "135822005": true}
	people, without := 0, 0
	for id, pt := range r.patients {
		h := r.has(id, "ckd")
		if h == nil || h.OnsetDate > r.p.Opts.Population()-365 {
			continue
		}
		from := max(h.OnsetDate, start)
		if pt.DeathDate != models.NoDate && pt.DeathDate <= from+400 || r.has(id, "palliative_care") != nil {
			continue
		}
		people++
		if slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
			return inClassRx(rx, "statin") && rx.StartDate <= from+365
		}) || slices.ContainsFunc(r.obsOf[id], func(o *models.Observation) bool {
			return declined[o.SnomedCode] || declined[o.ValueCode]
		}) {
			continue
		}
		if without++; without <= 3 {
			t.Logf("patient %s: CKD from %s, no statin and no reason by a year", id, from)
		}
	}
	enough(t, people, 300, "people with CKD a year on the register")
	t.Logf("%d of %d people with CKD with no statin and no coded reason by a year", without, people)
	if float64(without) > 0.05*float64(people) {
		t.Errorf("%d of %d people with CKD had no statin and no coded reason a year after the diagnosis (or the record's start)", without, people)
	}
}

// TestStepUpThatChangesNothingAddsTheNextLine: a person on amlodipine for
// hypertension with losartan running for CKD reaches hypertension's second
// line (ramipril, losartan or amlodipine) with nothing to add: an ACE
// inhibitor beside an ARB is barred and the others run. On main the step
// up stopped there, changing nothing, and the thiazide waited for the next
// review that missed the target (this test on main: no thiazide). Now the
// step goes on to the next line the same day.
func TestStepUpThatChangesNothingAddsTheNextLine(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	w.b = &models.Batch{}
	d := p.Opts.AsOf - 365
	htn, ckd := &p.conds[p.condIndex["hypertension"]], &p.conds[p.condIndex["ckd"]]
	per := &person{birth: d - 75*366, death: models.NoDate, anchor: p.Opts.AsOf}
	per.conds = []heldCondition{{plan: htn, onset: d - 800, line: 0, treated: true, forced: -1, row: -1},
		{plan: ckd, onset: d - 800, line: 0, treated: true, forced: -1, row: -1}}
	for i, k := range []string{"amlodipine", "losartan"} {
		m := p.medPlans[k]
		per.courses = append(per.courses, course{med: m.med, meds: m, reg: m.regimen(75, 1), cond: i, line: 0,
			start: d - 400, stop: models.NoDate, lastRx: -1})
	}
	s := distributions.NewStream(1, 2, 3)
	w.escalate(per, 0, d, 70, &s)
	hc := &per.conds[0]
	if !slices.ContainsFunc(per.courses, func(c course) bool { return c.meds.inClass("thiazide") && c.running(d) }) {
		t.Errorf("step up on amlodipine with losartan for CKD: reached line %d, courses %d; want a thiazide-like diuretic started", hc.line+1, len(per.courses))
	}
}

// TestForcedRAASBlockerNotStartedAboveThePotassiumBar: a scenario that
// forces ramipril started it at the line that forces it (a CKD diagnosis)
// whatever the potassium on the record, against prescribing.yaml's start
// bar (no ACE inhibitor or ARB started at a latest potassium above 5.0) and
// the audit's hard rule raas-blocker-started-above-potassium-5: the
// built-in frailty-polypharmacy scenario broke it on seed 1 on main, and on
// its own seed once this review's CKD statin moved the draws. A property
// over a cohort forced onto ramipril: no start (an issue with none of the
// class in the 28 days before) after a potassium above the bar (this test
// without the fix, resultstop.go as on main: 3 of 302 starts, seeds 1 and
// 2).
func TestForcedRAASBlockerNotStartedAboveThePotassiumBar(t *testing.T) {
	bar := raasStartBar(t)
	starts, above := 0, 0
	for _, seed := range []uint64{1, 2} {
		sc := &scenario.Scenario{Name: "forced-ramipril", Cohorts: []scenario.Cohort{
			{Name: "old ckd", Count: 150, Constraints: scenario.Constraints{AgeMin: 80,
				Has: []string{"hypertension", "atrial_fibrillation", "ckd"}, OnMedicines: []string{"ramipril"}}},
		}}
		p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario, o.Seed = sc, seed })
		r := realismOf(p, generateAll(t, p, 0, sc.Total()))
		k := r.snomed("potassium")
		for id, rxs := range r.rxOf {
			for _, rx := range rxs {
				if !inClassRx(rx, "raas_blocker") || slices.ContainsFunc(rxs, func(o *models.Prescription) bool {
					return o != rx && inClassRx(o, "raas_blocker") && o.StartDate < rx.StartDate && (o.EndDate == models.NoDate || o.EndDate >= rx.StartDate-28)
				}) {
					continue
				}
				starts++
				if v := potassiumBefore(r.obsOf[id], k, rx.StartDate); v > bar {
					if above++; above <= 3 {
						t.Logf("seed %d, patient %s: %s started %s after a potassium of %.1f", seed, id, rx.Medication, rx.StartDate, v)
					}
				}
			}
		}
	}
	enough(t, starts, 50, "ACE inhibitor or ARB starts in the cohort")
	if above > 0 {
		t.Errorf("%d of %d ACE inhibitor or ARB starts after a potassium above %.1f", above, starts, bar)
	}
}

// frailFor reports whether patient id had the step down's frailty category,
// or a more severe one, coded by day d (h47d: from 80 the frail are treated
// to step_down's relaxed target, NICE NG136 1.4.20's clinical judgement).
func (r *realism) frailFor(id string, sd *datasets.StepDown, d models.Date) bool {
	if sd == nil || sd.Frailty == "" {
		return false
	}
	cats, from := frailtyCodes(r.p), r.p.frailty.Category(sd.Frailty)
	for _, o := range r.obsOf[id] {
		if c, ok := cats[o.SnomedCode]; ok && c >= from && o.EffectiveTime.Date() <= d {
			return true
		}
	}
	return false
}
