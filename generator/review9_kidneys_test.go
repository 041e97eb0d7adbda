package generator

import (
	"slices"
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// stoppedByPotassium reports whether a potassium of 6.0 or more stops the
// medicine (prescribing.yaml result_stops).
func stoppedByPotassium(key string) bool {
	return datasets.InClass(key, "raas_blocker") || key == "spironolactone"
}

// activeOn reports whether the prescription covers day d.
func activeOn(rx *models.Prescription, d models.Date) bool {
	return rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d)
}

// TestHyperkalaemiaStopsRAASBlockade: NICE NG203 stops an ACE inhibitor or
// ARB at a serum potassium of 6.0 or more, NG106 spironolactone; the UK
// Kidney Association guideline repeats a moderate result within a working
// day and sends 6.5 or more to hospital the same day. Before the ninth
// review no reading reached 6.0 and none was acted on. Every potassium of
// 6.0 or more now ends the medicines it stops that day; none is issued
// again before a later potassium below 6.0; a result below 6.5 is repeated
// within a week (allowing a few the record's end cuts short), and 6.5 or
// more has an A&E attendance that day.
func TestHyperkalaemiaStopsRAASBlockade(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.snomed("potassium")
	high, stopped, rechecked, due, severe, assessed := 0, 0, 0, 0, 0, 0
	for id := range r.patients {
		ks := r.values(id, code)
		for _, o := range ks {
			v, d := *o.Value, o.EffectiveTime.Date()
			if v < 6.0 {
				continue
			}
			high++
			for _, rx := range r.rxOf[id] {
				k := medKey(rx)
				if !stoppedByPotassium(k) {
					continue
				}
				if activeOn(rx, d) {
					t.Fatalf("patient %s: %s issued %s runs through a potassium of %.1f on %s", id, k, rx.StartDate, v, d)
				}
				if rx.EndDate == d-1 {
					stopped++
				}
			}
			if v >= 6.5 {
				severe++
				if r.aeAfter(o) != nil {
					assessed++
				}
				continue
			}
			if p := r.patients[id]; d+7 > r.p.Opts.AsOf || (p.DeathDate != models.NoDate && d+7 > p.DeathDate) {
				continue
			}
			// the repeat of a high result, still high, is not repeated again:
			// the next review reads it (resultstop.go)
			if slices.ContainsFunc(ks, func(o0 *models.Observation) bool {
				d0 := o0.EffectiveTime.Date()
				return *o0.Value >= 6.0 && d0 < d && d0 >= d-7
			}) {
				continue
			}
			due++
			for _, o2 := range ks {
				if d2 := o2.EffectiveTime.Date(); d2 > d && d2 <= d+7 {
					rechecked++
					break
				}
			}
		}
		// no issue after a potassium of 6.0 or more without a later one below it
		for _, rx := range r.rxOf[id] {
			if !stoppedByPotassium(medKey(rx)) {
				continue
			}
			var latest *models.Observation
			for _, o := range ks {
				if o.EffectiveTime.Date() <= rx.StartDate && (latest == nil || o.EffectiveTime > latest.EffectiveTime) {
					latest = o
				}
			}
			if latest != nil && *latest.Value >= 6.0 {
				t.Fatalf("patient %s: %s issued %s after a potassium of %.1f on %s", id, medKey(rx), rx.StartDate, *latest.Value, latest.EffectiveTime.Date())
			}
		}
	}
	enough(t, high, 10, "potassium results of 6.0 or more")
	t.Logf("%d potassium results of 6.0 or more: %d prescriptions stopped the day before; %d of %d below 6.5 repeated within a week; %d of %d at 6.5 or more seen in A&E that day",
		high, stopped, rechecked, due, assessed, severe)
	if stopped == 0 {
		t.Fatal("no ACE inhibitor, ARB or spironolactone stopped on the day of a potassium of 6.0 or more")
	}
	if 10*rechecked < 9*due {
		t.Errorf("%d of %d potassium results of 6.0-6.4 repeated within a week, want 90%%", rechecked, due)
	}
	enough(t, severe, 1, "potassium results of 6.5 or more")
	if assessed < severe {
		t.Errorf("%d of %d potassium results of 6.5 or more seen in A&E the same day", assessed, severe)
	}
}

// TestMethotrexateStopsOnAMonitoringEGFRBelow30: an eGFR below 30 at a
// methotrexate blood test between reviews stops it that day (BNF: avoid in
// severe renal impairment); before, it ran on to the next review. People
// with rheumatoid arthritis and CKD whose latest eGFR is below 30 (a
// scenario cohort, as the two rarely meet) are followed into it.
func TestMethotrexateStopsOnAMonitoringEGFRBelow30(t *testing.T) {
	low := methotrexateAtLowEGFRs(t, 11, func(o *models.Observation, rx *models.Prescription) {
		if d := o.EffectiveTime.Date(); rx.EndDate != d-1 {
			t.Fatalf("patient %s: methotrexate issued %s runs to %s through an eGFR of %.0f on %s", o.PatientID, rx.StartDate, rx.EndDate, *o.Value, d)
		}
	})
	enough(t, low, 3, "eGFRs below 30 on methotrexate")
	t.Logf("%d eGFRs below 30 on methotrexate, each stopping it that day", low)
}

// methotrexateAtLowEGFRs generates 150 people with rheumatoid arthritis
// and CKD whose latest eGFR is below 30 (a scenario cohort, as the two
// rarely meet) at seed and calls f with each eGFR below 30 that came while
// a methotrexate issue begun before it ran, and that issue; it returns how
// many there were.
func methotrexateAtLowEGFRs(t *testing.T, seed uint64, f func(o *models.Observation, rx *models.Prescription)) (low int) {
	sc := &scenario.Scenario{Name: "ra-ckd", Cohorts: []scenario.Cohort{
		{Name: "ra ckd", Count: 150, Constraints: scenario.Constraints{AgeMin: 60,
			Has:          []string{"rheumatoid_arthritis", "ckd"},
			Observations: []scenario.ObservationConstraint{{Observation: "egfr", Max: ptr(29.0), WithinDays: 365}}}},
	}}
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario, o.Seed = sc, seed })
	b := generateAll(t, p, 0, sc.Total())
	egfr := p.obsCodes[p.obsIndex["egfr"]].Snomed
	rxOf := map[string][]*models.Prescription{}
	for i := range b.Prescriptions {
		if rx := &b.Prescriptions[i]; medKey(rx) == "methotrexate" {
			rxOf[rx.PatientID] = append(rxOf[rx.PatientID], rx)
		}
	}
	for i := range b.Observations {
		o := &b.Observations[i]
		if o.SnomedCode != egfr || o.Value == nil || *o.Value >= 30 {
			continue
		}
		d := o.EffectiveTime.Date()
		for _, rx := range rxOf[o.PatientID] {
			if rx.StartDate < d && activeOn(rx, d-1) {
				low++ // on methotrexate when the result came
				f(o, rx)
			}
		}
	}
	return low
}

// TestMetforminDoseStaysDownAfterARenalReduction: NICE NG28 reviews the dose
// of metformin below an eGFR of 45 (BNF: at most 1 g a day at 30-44); the
// record lowered it and raised it again at the next reading above 45 (6 of
// 1,114 people on metformin in generate -n 20000 -s 5 went 2 g, 1 g, 2 g a
// day). A dose lowered for renal function now stays down (prescribing.yaml
// renal cap_holds): no issue above the cap follows one lowered to it.
func TestMetforminDoseStaysDownAfterARenalReduction(t *testing.T) {
	r := pathwayPopulation(t)
	rule, step := datasets.RenalRule{}, map[string]int{}
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	for _, rr := range rules.Renal {
		if rr.Medicine == "metformin" {
			rule = rr
		}
	}
	if !rule.CapHolds {
		t.Fatal("prescribing.yaml: metformin's renal cap does not hold")
	}
	for _, reg := range datasets.Regimens("metformin") {
		step[reg.DoseText] = reg.Step
	}
	people, lowered := 0, 0
	for id := range r.patients {
		var rxs []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "metformin" {
				rxs = append(rxs, rx)
			}
		}
		if len(rxs) == 0 {
			continue
		}
		people++
		sort.Slice(rxs, func(a, b int) bool { return rxs[a].StartDate < rxs[b].StartDate })
		down := models.NoDate
		for i := 1; i < len(rxs); i++ {
			prev, cur := step[rxs[i-1].DoseText], step[rxs[i].DoseText]
			if down == models.NoDate && prev > rule.MaxStep && cur == rule.MaxStep {
				down = rxs[i].StartDate
				lowered++
			}
			if down != models.NoDate && cur > rule.MaxStep {
				t.Fatalf("patient %s: metformin lowered to %q on %s, raised again to %q on %s", id, rxs[i-1].DoseText, down, rxs[i].DoseText, rxs[i].StartDate)
			}
		}
	}
	enough(t, lowered, 10, "metformin doses lowered for renal function")
	t.Logf("%d people on metformin, %d with the dose lowered to the renal cap", people, lowered)
}

// TestUrineACRHasALongTail: the urine ACR was a normal reading with no long
// tail, so no one with CKD reached 30 mg/mmol (A3) or the 70 at which NICE
// NG203 offers an ACE inhibitor or ARB without diabetes (0 of 518 people
// with CKD without diabetes, generate -n 20000 -s 5). On a log scale
// (catalogue log_scale) about a fifth of the ACRs taken are 3.4 or more and
// about 3% 33.9 or more (Smith et al., Kidney Int Rep 2018: 22% and 3% in
// English primary care), and some people with CKD without diabetes reach 70.
func TestUrineACRHasALongTail(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.snomed("urine_acr")
	n, a2, a3 := 0, 0, 0
	high := map[string]bool{}
	highReadings := 0
	for id := range r.patients {
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != code || o.Value == nil {
				continue
			}
			n++
			if *o.Value >= 3.4 {
				a2++
			}
			if *o.Value >= 33.9 {
				a3++
			}
			if *o.Value >= 70 && r.has(id, "ckd") != nil && r.has(id, "type1_diabetes") == nil && r.has(id, "type2_diabetes") == nil {
				high[id] = true
				highReadings++
			}
		}
	}
	enough(t, n, 3000, "urine ACRs")
	pct := func(k int) float64 { return 100 * float64(k) / float64(n) }
	t.Logf("%d urine ACRs: %.1f%% 3.4 or more, %.1f%% 33.9 or more; %d people with CKD without diabetes reached 70 (%d readings)", n, pct(a2), pct(a3), len(high), highReadings)
	if pct(a2) < 15 || pct(a2) > 30 {
		t.Errorf("%.1f%% of urine ACRs 3.4 or more, want about 22%%", pct(a2))
	}
	if pct(a3) < 1.5 || pct(a3) > 6 {
		t.Errorf("%.1f%% of urine ACRs 33.9 or more, want about 3%%", pct(a3))
	}
	// (readings, not people: a handful of people in 6,000, whose number moves with any change)
	enough(t, highReadings, 3, "ACRs of 70 or more in people with CKD without diabetes")
}
