// Checks for the seventeenth review, heart failure by ejection fraction
// (docs/clinical-model.md, "Heart failure by ejection fraction, and causes
// of death in heart disease (seventeenth review)").
package generator

import (
	"cmp"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// ta902 is the day NICE TA902 recommended dapagliflozin for heart failure
// with a preserved or mildly reduced ejection fraction (catalogue line 6).
var ta902 = models.CivilDate(2023, 6, 21)

// ejectionFractions is each person's echocardiogram ejection fraction that
// typed their heart failure: the first reading on or after its diagnosis
// (h66f: a reduced one can improve on treatment, the treatment going on, so
// the latest no longer tells the type the lines were chosen from); for
// anyone else, or with none since the diagnosis, the latest.
func (r *realism) ejectionFractions() map[string]float64 {
	lvef := r.snomed("lvef")
	ef := map[string]float64{}
	for pid := range r.obsOf {
		obs := r.values(pid, lvef)
		if len(obs) == 0 {
			continue
		}
		slices.SortStableFunc(obs, func(a, b *models.Observation) int { return cmp.Compare(a.EffectiveTime, b.EffectiveTime) })
		ef[pid] = *obs[len(obs)-1].Value
		if hf := r.has(pid, "heart_failure"); hf != nil {
			for _, o := range obs {
				if o.EffectiveTime.Date() >= hf.OnsetDate {
					ef[pid] = *o.Value
					break
				}
			}
		}
	}
	return ef
}

// TestHeartFailureDrugsFollowEjectionFraction: a GP found ramipril and
// bisoprolol started and titrated as heart failure treatment at an ejection
// fraction above 40% (generate -n 20000 -s 5). NICE NG106 gives the ACE
// inhibitor (or ARB), beta-blocker and MRA for a reduced ejection fraction
// (40% or less); above it the causes and the congestion are treated and
// dapagliflozin is offered from NICE TA902. No prescription for heart
// failure of a RAAS blocker, beta-blocker or MRA above 40%; dapagliflozin
// for heart failure above 40% only from TA902, and some have it.
func TestHeartFailureDrugsFollowEjectionFraction(t *testing.T) {
	r := pathwayPopulation(t)
	chain := map[string]bool{"ramipril": true, "candesartan": true, "bisoprolol": true, "spironolactone": true}
	above40, onSGLT2 := 0, 0
	for pid, v := range r.ejectionFractions() {
		hf := r.has(pid, "heart_failure")
		if hf == nil || v <= 40 {
			continue
		}
		above40++
		sglt2 := false
		for _, rx := range r.rxOf[pid] {
			if rx.ConditionID != hf.ConditionID {
				continue
			}
			switch m := medKey(rx); {
			case chain[m]:
				t.Errorf("%s: %s for heart failure from %s with an ejection fraction of %.0f%%", pid, rx.Medication, rx.StartDate, v)
			case m == "dapagliflozin" && rx.StartDate < ta902:
				t.Errorf("%s: dapagliflozin for heart failure from %s, before NICE TA902, at an ejection fraction of %.0f%%", pid, rx.StartDate, v)
			case m == "dapagliflozin":
				sglt2 = true
			}
		}
		if sglt2 {
			onSGLT2++
		}
	}
	enough(t, above40, 20, "people with heart failure and an ejection fraction above 40%")
	enough(t, onSGLT2, 5, "people with an ejection fraction above 40% on dapagliflozin for heart failure")
	t.Logf("%d of %d people with an ejection fraction above 40%% on dapagliflozin for heart failure", onSGLT2, above40)
}

// TestMRANotStartedAbovePotassiumFive: a GP found spironolactone started at
// a serum potassium above 5.0 (4 of 81 starts on generate -n 20000 -s 5).
// An MRA is not started above 5.0 (Postgrad Med J practical guide: caution
// above 5.0; prescribing.yaml result_stops start_above).
func TestMRANotStartedAbovePotassiumFive(t *testing.T) {
	starts := notStartedAbovePotassiumFive(t, "spironolactone", func(key string) bool { return key == "spironolactone" })
	enough(t, starts, 10, "spironolactone starts")
}

// TestRAASBlockerNotStartedAbovePotassiumFive: a GP found ramipril started
// in CKD three months after a potassium of 5.4 (28 of 1,477 starts judged
// so by the audit on generate -n 20000 -s 5 before the twenty-fourth
// review). NICE NG203 1.6: do not routinely offer a renin-angiotensin
// system antagonist when the pretreatment potassium is above 5.0
// (prescribing.yaml result_stops start_classes).
func TestRAASBlockerNotStartedAbovePotassiumFive(t *testing.T) {
	starts := notStartedAbovePotassiumFive(t, "ACE inhibitor or ARB", func(key string) bool { return datasets.InClass(key, "raas_blocker") })
	enough(t, starts, 100, "ACE inhibitor or ARB starts")
}

// notStartedAbovePotassiumFive checks that every start of the medicines
// isDrug accepts (none of them running in the 28 days before) follows a
// latest potassium, before its day, of 5.0 or less, and returns the number
// of starts. The blood taken at the visit that starts it is its baseline,
// resulted after the decision.
func notStartedAbovePotassiumFive(t *testing.T, name string, isDrug func(key string) bool) int {
	t.Helper()
	r := pathwayPopulation(t)
	potassium := r.snomed("potassium")
	starts := 0
	for pid, rxs := range r.rxOf {
		var drug []*models.Prescription
		for _, rx := range rxs {
			if isDrug(medKey(rx)) {
				drug = append(drug, rx)
			}
		}
		slices.SortFunc(drug, func(a, b *models.Prescription) int { return cmp.Compare(a.StartDate, b.StartDate) })
		running := false          // an earlier issue with no end date runs on
		lastEnd := models.Date(0) // the latest end of the earlier issues
		for i, rx := range drug {
			started := i == 0 || !running && rx.StartDate > lastEnd+28
			if rx.EndDate == models.NoDate {
				running = true
			}
			lastEnd = max(lastEnd, rx.EndDate)
			if !started {
				continue
			}
			starts++
			at, v := models.NoDate, 0.0
			for _, o := range r.obsOf[pid] {
				if d := o.EffectiveTime.Date(); o.SnomedCode == potassium && o.Value != nil && d < rx.StartDate && (at == models.NoDate || d >= at) {
					at, v = d, *o.Value
				}
			}
			if at != models.NoDate && v > 5.0 {
				t.Errorf("%s: %s (%s) started %s after a potassium of %.1f on %s", pid, name, medKey(rx), rx.StartDate, v, at)
			}
		}
	}
	t.Logf("%d %s starts", starts, name)
	return starts
}

// TestEchoWithinTwoWeeksOfHighNTproBNP: a GP found echocardiograms more
// than 2 weeks after an NT-proBNP above 2,000 ng/L (126 of 153 on generate
// -n 20000 -s 5). NICE QS9 statement 2: within 2 weeks above 2,000, within
// 6 weeks at 400-2,000. Nine in ten echocardiograms after a reading above
// 2,000 come within 14 days of it (a few diagnoses read the NT-proBNP at
// another visit), and none after a lower one is later than 6 weeks and a
// few days (the clinic's next session).
func TestEchoWithinTwoWeeksOfHighNTproBNP(t *testing.T) {
	r := pathwayPopulation(t)
	bnp, lvef := r.snomed("nt_probnp"), r.snomed("lvef")
	high, highSoon := 0, 0
	for pid, obs := range r.obsOf {
		for _, e := range obs {
			if e.SnomedCode != lvef || r.encs[e.EncounterID].Setting == settingInpatient { // a heart attack's stay (forty-sixth review)
				continue
			}
			echo := e.EffectiveTime.Date()
			at, v := models.NoDate, 0.0
			for _, o := range obs {
				if d := o.EffectiveTime.Date(); o.SnomedCode == bnp && o.Value != nil && d <= echo && (at == models.NoDate || d >= at) {
					at, v = d, *o.Value
				}
			}
			if at != models.NoDate && slices.ContainsFunc(obs, func(o *models.Observation) bool {
				d := o.EffectiveTime.Date()
				return o.SnomedCode == lvef && d >= at && o.EffectiveTime < e.EffectiveTime
			}) {
				continue // not the echocardiogram the NT-proBNP asked for: a reassessment after treatment (h67c)
			}
			switch {
			case at == models.NoDate:
			case v > 2000:
				high++
				if echo-at <= 14 {
					highSoon++
				}
			case echo-at > 49:
				t.Errorf("%s: echocardiogram %s, %d days after an NT-proBNP of %.0f", pid, echo, echo-at, v)
			}
		}
	}
	enough(t, high, 10, "echocardiograms after an NT-proBNP above 2,000")
	if highSoon*10 < high*9 {
		t.Errorf("%d of %d echocardiograms after an NT-proBNP above 2,000 within 14 days, want 9 in 10", highSoon, high)
	}
	t.Logf("%d of %d echocardiograms after an NT-proBNP above 2,000 within 14 days", highSoon, high)
}
