package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Twentieth review (kidney function the practice acts on). A GP found
// people with eGFR below 60 for years at their hypertension or diabetes
// reviews before CKD was coded at the date the model drew (29% of 809
// people with two readings below 60 at least 90 days apart had no CKD coded
// within 6 months, generate -n 20000 -s 5), oral NSAIDs started at an eGFR
// of 30-59 (92 of 15,280 starts), and asked that gabapentin's dose follow
// the latest eGFR at every repeat.

// TestCKDCodedWhenAReviewReadsTheSecondLowEGFR: the first time a person's
// eGFRs stay below 60 for 90 days or more (consecutive readings, none of 60
// or more between), with no CKD coded before the run began, CKD is coded
// within 6 months for most (catalogue ckd found, coded_share 0.74: not
// all), and a share of CKD diagnoses is made at another condition's review
// that read an eGFR below 60, with one below 60 90-365 days before, coded
// with the stage of a reading.
func TestCKDCodedWhenAReviewReadsTheSecondLowEGFR(t *testing.T) {
	r := review5Population(t)
	egfr := r.snomed("egfr")
	asOf := r.p.Opts.AsOf
	runs, uncoded := 0, 0
	for id, pt := range r.patients {
		vs := r.values(id, egfr)
		if len(vs) < 2 {
			continue
		}
		slices.SortStableFunc(vs, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
		var ckdOnset models.Date = models.NoDate
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "ckd" && (ckdOnset == models.NoDate || c.OnsetDate < ckdOnset) {
				ckdOnset = c.OnsetDate
			}
		}
		first := -1 // the first reading of the current run below 60
		for i, o := range vs {
			if *o.Value >= 60 {
				first = -1
				continue
			}
			if first < 0 {
				first = i
				continue
			}
			from, to := vs[first].EffectiveTime.Date(), o.EffectiveTime.Date()
			if to-from < 90 {
				continue
			}
			// the first such run: judged once, when it is 6 months old by the record's end
			if from >= r.p.windowStart && (ckdOnset == models.NoDate || ckdOnset > from) &&
				to+183 <= asOf && (pt.DeathDate == models.NoDate || pt.DeathDate > to+183) {
				runs++
				if ckdOnset == models.NoDate || ckdOnset > to+183 {
					uncoded++
				}
			}
			break
		}
	}
	enough(t, runs, 150, "runs of eGFR below 60 for 90 days with no CKD coded before")
	t.Logf("%d runs of eGFR below 60 for 90 days or more: %d with no CKD coded within 6 months", runs, uncoded)
	if uncoded*100 > runs*20 {
		t.Errorf("%d of %d runs of eGFR below 60 for 90 days have no CKD coded within 6 months (want 20%% or fewer; 29%% before the twentieth review)", uncoded, runs)
	}
	if uncoded*100 < runs*2 {
		t.Errorf("%d of %d runs of eGFR below 60 for 90 days have no CKD coded within 6 months: a practice codes about three in four (want 2%% or more)", uncoded, runs)
	}

	// diagnoses made at another condition's review, on its reading
	stages := r.p.conds[r.p.condIndex["ckd"]].stages
	stageOf := func(v float64) int {
		k := -1
		for i, st := range stages {
			if v < st.Below {
				k = i
			}
		}
		return k
	}
	keys := r.conditionKeys()
	atReview := 0
	for id := range r.patients {
		var c *models.Condition // the diagnosis: the first CKD row (later rows are new stages, restage.go)
		for _, x := range r.condsOf[id] {
			if x.ConditionKey == "ckd" && (c == nil || x.OnsetDate < c.OnsetDate) {
				c = x
			}
		}
		if c == nil || c.OnsetDate < r.p.windowStart || c.DiagnosisEncounterID == "" {
			continue
		}
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil || e.ReasonConditionID == "" || keys[e.ReasonConditionID] == "ckd" {
			continue
		}
		var read *float64
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == egfr && o.Value != nil {
				read = o.Value
			}
		}
		if read == nil {
			continue // diagnosed at a visit that read no eGFR: not found so
		}
		if stageOf(*read) == -1 {
			t.Errorf("%s: CKD coded at a %s review on %s that read an eGFR of %.0f", id, keys[e.ReasonConditionID], c.OnsetDate, *read)
			continue
		}
		if !slices.ContainsFunc(r.readingsBetween(id, egfr, c.OnsetDate-365, c.OnsetDate-90), func(v float64) bool { return v < 60 }) {
			t.Errorf("%s: CKD coded at a %s review on %s with no eGFR below 60 90-365 days before", id, keys[e.ReasonConditionID], c.OnsetDate)
		}
		coded := slices.IndexFunc(stages, func(st datasets.Stage) bool { return st.Snomed == c.SnomedCode })
		if coded < 0 || coded > stageOf(*read) {
			t.Errorf("%s: CKD coded %q at a review that read an eGFR of %.0f", id, c.Description, *read)
		}
		atReview++
	}
	t.Logf("%d CKD diagnoses made at another condition's review on its eGFR", atReview)
	enough(t, atReview, 20, "CKD diagnoses made at another condition's review on its eGFR")
}

// TestNSAIDNotStartedOnALowEGFR: no oral NSAID is started (none issued in
// the 28 days before) when the latest eGFR in the year before is below 60
// (prescribing.yaml renal start_below; rules.yaml
// nsaid-started-egfr-below-60), and the data's alternative is given
// instead at some of those contacts (co-codamol for pain, colchicine or
// prednisolone for a gout flare).
func TestNSAIDNotStartedOnALowEGFR(t *testing.T) {
	r := review5Population(t)
	starts, alternatives := 0, 0
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			k := medKey(rx)
			d := rx.StartDate
			if datasets.InClass(k, "nsaid") {
				if d < r.p.windowStart || slices.ContainsFunc(rxs, func(o *models.Prescription) bool {
					return o != rx && datasets.InClass(medKey(o), "nsaid") && o.StartDate < d &&
						(o.EndDate == models.NoDate || o.EndDate >= d-28)
				}) {
					continue
				}
				starts++
				if v, ok := r.latestReadingOn(id, "egfr", d-1, 365); ok && v < 60 {
					t.Errorf("%s: %s started on %s with an eGFR of %.0f in the year before", id, rx.Medication, d, v)
				}
				continue
			}
			if k == "co_codamol" || k == "colchicine" || k == "prednisolone" {
				if v, ok := r.latestReadingOn(id, "egfr", d-1, 365); ok && v < 60 && rx.Type == models.PrescriptionAcute {
					alternatives++
				}
			}
		}
	}
	enough(t, starts, 2000, "NSAID starts")
	enough(t, alternatives, 20, "acute co-codamol, colchicine or prednisolone courses at an eGFR below 60")
}

// TestNSAIDStartBarReadsRecordedResults: the start bar reads the results
// on the record (a person never tested is not barred on a usual level the
// practice cannot know), spares a course already running, and gives way to
// stop_below (30) for that one.
func TestNSAIDStartBarReadsRecordedResults(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	m := p.medPlans["naproxen"]
	if m == nil || m.renal == nil || m.renal.StartBelow != 60 {
		t.Fatalf("naproxen: want a renal start_below of 60 (prescribing.yaml renal, class nsaid)")
	}
	d := p.Opts.AsOf - 365
	for _, tc := range []struct {
		readings []egfrReading
		egfr     float64 // the level passed in (latestEGFR)
		ignore   int     // -1: a start; 0: the running course
		want     bool
	}{
		{nil, 50, -1, true}, // never tested: the usual level is not read for the start bar
		{[]egfrReading{{d - 30, 55}}, 55, -1, false},
		{[]egfrReading{{d - 30, 55}, {d - 5, 64}}, 64, -1, true},
		{[]egfrReading{{d - 500, 50}}, 70, -1, true}, // older than a prescriber reads
		{[]egfrReading{{d - 30, 55}}, 55, 0, true},   // a running course goes on
		{[]egfrReading{{d - 30, 25}}, 25, 0, false},  // but not below stop_below
	} {
		per := &person{birth: d - 60*366, death: models.NoDate, egfrSeen: tc.readings}
		if got := w.allowed(per, m, d, tc.egfr, tc.ignore); got != tc.want {
			t.Errorf("naproxen on %v (level %.0f, ignore %d): allowed %v, want %v", tc.readings, tc.egfr, tc.ignore, got, tc.want)
		}
	}
}

// TestGabapentinoidRepeatFollowsTheLatestEGFRBothWays: a gabapentinoid
// repeat re-reads the latest eGFR at each authorisation (episodedays.go
// repeatRegimen, prescribing.yaml renal): gabapentin 900 mg a day at 50 or
// more, 600 mg at 30-49, 300 mg at 15-29, none below 15, down and back up;
// pregabalin 150 mg at 60 or more, 75 mg at 30-59, none below 30.
func TestGabapentinoidRepeatFollowsTheLatestEGFRBothWays(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	perDay := func(reg *datasets.Regimen) int {
		switch {
		case strings.Contains(reg.DoseText, "three"):
			return 3
		case strings.Contains(reg.DoseText, "twice"):
			return 2
		}
		return 1
	}
	for _, tc := range []struct {
		med   string
		egfrs []float64
		want  []int // doses a day after each reading; 0: not authorised
	}{
		{"gabapentin", []float64{72, 45, 25, 41, 58, 12, 66}, []int{3, 2, 1, 2, 3, 0, 3}},
		{"pregabalin", []float64{75, 52, 61, 28, 44}, []int{2, 1, 2, 0, 1}},
	} {
		m := p.medPlans[tc.med]
		d := p.Opts.AsOf - 2000
		per := &person{birth: d - 70*366, death: models.NoDate}
		rep := &episodeRepeat{reg: m.regimen(70, 0), meds: m}
		for i, v := range tc.egfrs {
			d += 90
			per.egfrSeen = append(per.egfrSeen, egfrReading{day: d, value: v})
			reg, ok := w.repeatRegimen(per, rep, d+1)
			got := 0
			if ok {
				got = perDay(reg)
			}
			if got != tc.want[i] {
				t.Errorf("%s repeat after an eGFR of %.0f: %d doses a day, want %d", tc.med, v, got, tc.want[i])
			}
		}
	}
}
