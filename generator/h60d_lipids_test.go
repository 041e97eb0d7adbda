// Checks for brief h60d (issue 9): the statin's full effect on the lipid
// profile (its LDL and triglyceride falls), read by the 3-month test as
// NICE NG238 reads it. The ezetimibe decision's LDL / non-HDL target is
// checked by TestEzetimibeWhenCholesterolStaysAboveTarget (review7_test.go).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAtorvastatin20ReachesNICEsFall: atorvastatin 20 mg took 38% off the
// LDL and nothing off the triglycerides, so the non-HDL fell a median 32%
// at 3 months (1,914 first 20 mg starts, generate -n 20000 -s 83) and three
// in four starts missed NICE's 40% aim. NICE CKS puts atorvastatin 20 mg's
// LDL fall at 43% and its label the triglyceride fall at 26%, so a typical
// start's non-HDL falls about 40%: the median fall of the non-HDL and of
// the triglycerides at 3 months (first starts on 20 mg, against the last
// profile in the year before) sit near those figures.
func TestAtorvastatin20ReachesNICEsFall(t *testing.T) {
	r := pathwayPopulation(t)
	non, tg := r.snomedCode(t, "non_hdl_cholesterol"), r.snomedCode(t, "triglycerides")
	var nonFalls, tgFalls []float64
	for id := range r.patients {
		start, on20 := models.NoDate, false
		for _, rx := range r.rxOf[id] {
			if medKey(rx) != "atorvastatin" {
				continue
			}
			if start == models.NoDate || rx.StartDate < start {
				start, on20 = rx.StartDate, rx.DMDCode == "320030001"
			} else if rx.StartDate == start {
				on20 = on20 && rx.DMDCode == "320030001"
			}
		}
		if start == models.NoDate || !on20 {
			continue
		}
		// readings by code: the last before (in the year to the start) and
		// the first at 60-120 days
		before, after := map[string]float64{}, map[string]float64{}
		beforeDay := map[string]models.Date{}
		for _, o := range r.obsOf[id] {
			d, c := o.EffectiveTime.Date(), o.SnomedCode
			if o.Value == nil || c != non && c != tg {
				continue
			}
			if d <= start && d > start-365 && d >= beforeDay[c] {
				before[c], beforeDay[c] = *o.Value, d
			}
			if _, seen := after[c]; !seen && d >= start+60 && d <= start+120 {
				after[c] = *o.Value
			}
		}
		if before[non] > 0 && after[non] > 0 && before[tg] > 0 && after[tg] > 0 {
			nonFalls = append(nonFalls, 1-after[non]/before[non])
			tgFalls = append(tgFalls, 1-after[tg]/before[tg])
		}
	}
	if len(nonFalls) < 40 {
		t.Fatalf("only %d first atorvastatin 20 mg starts with a profile before and at 3 months", len(nonFalls))
	}
	nf, tf := medianOf(nonFalls), medianOf(tgFalls)
	t.Logf("%d atorvastatin 20 mg starts: median non-HDL fall %.2f, median triglyceride fall %.2f", len(nonFalls), nf, tf)
	if nf < 0.36 || nf > 0.46 {
		t.Errorf("median non-HDL fall at 3 months on atorvastatin 20 mg %.2f: want 0.36-0.46 (LDL -43%%, triglycerides -26%%: about 40%%)", nf)
	}
	if tf < 0.12 || tf > 0.4 {
		t.Errorf("median triglyceride fall at 3 months on atorvastatin 20 mg %.2f: want 0.12-0.40 (about 26%%, with the visit spread)", tf)
	}
}

// TestVeryHighTriglyceridesAreAnswered: a triglyceride of 10-14 mmol/L
// prompted nothing (7 of 7 readings with no repeat and no referral,
// generate -n 20000 -s 83). NICE NG238: at 10-20 repeat fasting within 2
// weeks (with a review of secondary causes) and seek specialist advice if
// still above 10; above 20 refer urgently. Such results are rare, so the
// population's triglycerides are raised (a plan of the test's own) until
// many are: each result above the repeat level, at least 4 weeks before the
// record's end, is followed by another triglyceride in the repeat's days
// or by a referral, and every referral follows such a result (within the
// referral's days and a week: a contact falling on a closed day moves).
func TestVeryHighTriglyceridesAreAnswered(t *testing.T) {
	p := testPlan(t, 2500, func(o *Options) { o.Seed = 61 })
	h := &p.highTG
	if h.HighTriglycerides == nil {
		t.Fatal("no high_triglycerides rule resolved")
	}
	m := *p.obsModels[h.slot]
	m.Mean += 1.5 // a median of about 6 (log scale): many results above 10, some above 20
	p.obsModels[h.slot] = &m
	r := realismOf(p, generateAll(t, p, 0, 2500))
	tg, ref := p.obsCodes[h.slot].Snomed, h.referral.Snomed
	end := p.Opts.AsOf
	var high, answered, referrals, unexplained int
	for id, obs := range r.obsOf {
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			if o.SnomedCode == ref {
				referrals++
				explained := false
				for _, e := range obs {
					ed := e.EffectiveTime.Date()
					explained = explained || e.SnomedCode == tg && e.Value != nil && *e.Value > h.PersistentAbove && ed <= d && ed >= d-models.Date(h.ReferDays[1]+7)
				}
				if !explained {
					unexplained++
					t.Logf("%s: referral on %s with no triglyceride above %.0f in the %d days before", id, d, h.PersistentAbove, h.ReferDays[1]+7)
				}
			}
			if o.SnomedCode != tg || o.Value == nil || *o.Value <= h.RepeatAbove || d < p.windowStart || d+28 > end {
				continue
			}
			high++
			for _, e := range obs {
				ed := e.EffectiveTime.Date()
				if e.EffectiveTime > o.EffectiveTime && ed <= d+models.Date(h.RepeatDays[1])+7 && (e.SnomedCode == ref || e.SnomedCode == tg && ed >= d+models.Date(h.RepeatDays[0])) {
					answered++
					break
				}
			}
		}
	}
	enough(t, high, 30, "triglycerides above the repeat level")
	enough(t, referrals, 5, "specialist referrals for triglycerides")
	t.Logf("%d of %d triglycerides above %.0f repeated or referred; %d referrals, %d unexplained", answered, high, h.RepeatAbove, referrals, unexplained)
	if float64(answered) < 0.9*float64(high) {
		t.Errorf("%d of %d triglycerides above %.0f repeated within %d days or referred: want 90%% or more (NICE NG238)", answered, high, h.RepeatAbove, h.RepeatDays[1]+7)
	}
	if unexplained > 0 {
		t.Errorf("%d of %d specialist referrals with no triglyceride above %.0f before them", unexplained, referrals, h.PersistentAbove)
	}
}
