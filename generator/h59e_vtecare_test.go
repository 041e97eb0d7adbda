package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestVTEAnticoagulantHasItsBloodsAndReview (brief h59e, issue 9): a DVT's
// or pulmonary embolism's DOAC starts after a full blood count, kidney and
// liver function and a clotting screen (NICE NG158, CKS anticoagulation -
// oral), the course running 3 months or more is reviewed by the GP about
// the clot at about 3 months, and one running beyond 6 months has a blood
// count after it starts (the DOAC's monitoring, as atrial fibrillation's).
// Before (generate -n 20000 -s 83): 14 of 199 courses had a blood count in
// the 90 days before the first issue and none a clotting test; 9 of 196
// three-month courses a GP review at 2-3 months; 53 of 75 courses beyond 6
// months no blood count after the start.
func TestVTEAnticoagulantHasItsBloodsAndReview(t *testing.T) {
	r := review5Population(t)
	v := r.p.vte
	hb, _ := datasets.ObservationByKey("haemoglobin")
	clot, _ := datasets.ObservationByKey(v.Clotting.Test)
	seen := map[string][]models.Date{} // the days of the contacts outside A&E about each condition
	for _, e := range r.encs {
		if e.ReasonConditionID != "" && e.Setting != settingAE {
			seen[e.ReasonConditionID] = append(seen[e.ReasonConditionID], e.StartTime.Date())
		}
	}
	courses, noBaseline, threeMonth, unreviewed, long, unmonitored := 0, 0, 0, 0, 0, 0
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if c.ConditionKey != v.DVT.Key && c.ConditionKey != v.PE.Key {
				continue
			}
			first, last := models.NoDate, models.Date(0)
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID != c.ConditionID {
					continue
				}
				if first == models.NoDate || rx.StartDate < first {
					first = rx.StartDate
				}
				end := rx.EndDate
				if end == models.NoDate {
					end = r.p.Opts.Population()
				}
				last = max(last, end)
			}
			if first == models.NoDate || first < r.p.windowStart {
				continue
			}
			courses++
			if !r.sampledBetween(id, hb.Snomed, first-90, first) || !r.sampledBetween(id, clot.Snomed, first-2, first) {
				noBaseline++
			}
			if last-first >= 80 {
				threeMonth++
				if !slices.ContainsFunc(seen[c.ConditionID], func(d models.Date) bool { return d >= c.OnsetDate+60 && d <= c.OnsetDate+100 }) {
					unreviewed++
				}
			}
			if last-first > 183 {
				long++
				if !r.sampledBetween(id, hb.Snomed, first+15, last) {
					unmonitored++
				}
			}
		}
	}
	enough(t, courses, 100, "VTE anticoagulant courses")
	t.Logf("%d VTE courses: %d without baseline bloods and clotting; %d of %d three-month courses unreviewed; %d of %d beyond 6 months with no blood count after the start",
		courses, noBaseline, unreviewed, threeMonth, unmonitored, long)
	if float64(noBaseline) > 0.02*float64(courses) {
		t.Errorf("%d of %d VTE anticoagulants started without a blood count and clotting screen before them (want 2%% at most: NICE NG158)", noBaseline, courses)
	}
	if float64(unreviewed) > 0.1*float64(threeMonth) {
		t.Errorf("%d of %d three-month VTE courses had no GP contact about the clot at 2-3 months (want 10%% at most: NG158 review at 3 months; a busy run of days or the record's end excuses a few)", unreviewed, threeMonth)
	}
	if float64(unmonitored) > 0.15*float64(long) {
		t.Errorf("%d of %d VTE courses beyond 6 months had no blood count after the start (want 15%% at most: the DOAC's 6-monthly bloods)", unmonitored, long)
	}
}

// sampledBetween reports whether the patient has observation code recorded
// from day a to day b.
func (r *realism) sampledBetween(id, code string, a, b models.Date) bool {
	for _, o := range r.obsOf[id] {
		if d := o.EffectiveTime.Date(); o.SnomedCode == code && d >= a && d <= b {
			return true
		}
	}
	return false
}
