package generator

import (
	"runtime"
	"testing"
	"time"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// BenchmarkGenerate measures generation alone (no encoding), one goroutine,
// in the batch size the pipeline uses.
func BenchmarkGenerate(b *testing.B) {
	p := testPlan(b, 800_000, nil)
	var batch models.Batch
	w := newWorker(p)
	var i int64
	rows := 0
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if i+batchSize > p.Opts.Patients {
			i = 0
		}
		if err := w.generate(i, i+batchSize, &batch); err != nil {
			b.Fatal(err)
		}
		for _, r := range batch.Rows() {
			rows += r
		}
		i += batchSize
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*batchSize)/secs, "patients/s")
	b.ReportMetric(float64(rows)/secs, "rows/s")
}

// BenchmarkRareCohort compares the per-patient cost of scenario cohorts whose
// constraints almost never occur together with ordinary patients, and
// reports how often ordinary patients meet those constraints:
//   - young-epilepsy: women 30-40 in Newcastle with epilepsy and depression,
//     on sertraline, with an A&E attendance in the last 30 days;
//   - diabetes-clinic: 65+ in Leeds with type 2 diabetes on metformin, latest
//     HbA1c above 75 in the last year, an A&E attendance in the last 30 days;
//   - extreme: women 85+ in the South West with dementia, heart failure, AF
//     and CKD but no hypertension, on apixaban and furosemide, not warfarin,
//     eGFR under 30 in the last year, two admissions in 90 days.
func BenchmarkRareCohort(b *testing.B) {
	sc := testScenario()
	clinic := mergeConstraints(mergeConstraints(sc.Cohorts[0].Constraints, sc.Cohorts[0].Subgroups[0].Constraints),
		sc.Cohorts[0].Subgroups[1].Constraints)
	b.Run("cohort=young-epilepsy", func(b *testing.B) {
		benchRare(b, scenario.Constraints{AgeMin: 30, AgeMax: 40, Sex: "female", Town: "Newcastle upon Tyne",
			Has: []string{"epilepsy", "depression"}, OnMedicines: []string{"sertraline"},
			Encounters: []scenario.EncounterConstraint{{Setting: "ae", WithinDays: 30}}})
	})
	b.Run("cohort=diabetes-clinic", func(b *testing.B) { benchRare(b, clinic) })
	b.Run("cohort=extreme", func(b *testing.B) { benchRare(b, sc.Cohorts[1].Constraints) })
	// Issue 14's constructs together: a ward-round patient (in hospital now
	// after a hip fracture, 3+ of six long-term conditions), an ex-smoker
	// with 30-40 pack-years, HbA1c overdue and no statin.
	b.Run("cohort=ward-round", func(b *testing.B) {
		benchRare(b, scenario.Constraints{AgeMin: 75, Town: "Sheffield", Has: []string{"type2_diabetes"}, Smoking: "ex",
			Counts:         []scenario.ConditionCount{{Of: []string{"hypertension", "atrial_fibrillation", "ckd", "heart_failure", "copd", "dementia"}, AtLeast: 3, AtMost: 6}},
			NotOnMedicines: []string{"atorvastatin", "simvastatin"},
			Observations: []scenario.ObservationConstraint{{Observation: "hba1c", NotWithinDays: 456},
				{Observation: "pack_years", Min: ptr(30.0), Max: ptr(40.0)}},
			Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", AtLeast: 1, Current: true, Reason: "hip_fracture"}}})
	})
	// The state constructs: over-80s on 7+ repeat medicines (the most the model gives at G4) with CKD coded
	// G4, seen by a GP at most once in the year; young adults on insulin
	// with CKD coded G3b.
	b.Run("cohort=polypharmacy-ckd4", func(b *testing.B) {
		benchRare(b, scenario.Constraints{AgeMin: 80, MinRepeatMedicines: 7, CKDStages: []string{"4"}, Has: []string{"ckd"},
			Encounters: []scenario.EncounterConstraint{{Setting: "gp", WithinDays: 365, AtMost: ptr(1)}}})
	})
	b.Run("cohort=insulin-ckd3b", func(b *testing.B) {
		benchRare(b, scenario.Constraints{AgeMin: 25, AgeMax: 40, InsulinTreated: true, OnMedicines: []string{"insulin_glargine"},
			CKDStages: []string{"3b"}, Has: []string{"ckd"}})
	})
}

// benchRare measures one rare cohort against ordinary patients of the same run.
func benchRare(b *testing.B, rare scenario.Constraints) {
	demo := scenario.Constraints{AgeMin: rare.AgeMin, AgeMax: rare.AgeMax, Sex: rare.Sex, Town: rare.Town, Region: rare.Region}
	// The same age, sex, place and conditions: every condition the rare
	// cohort's members are made to have (its has, and the indications of
	// the medicines it puts them on) and its counts of conditions ("3 or
	// more of these six": each member its own set), and nothing else asked
	// of them.
	same := demo
	same.Counts = rare.Counts
	probe := testPlan(b, 1, nil)
	cp, err := probe.compileCohort("probe", rare, nil)
	if err != nil {
		b.Fatal(err)
	}
	for ci, f := range cp.force {
		if f {
			same.Has = append(same.Has, probe.conds[ci].Key)
		}
	}
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "rare", Count: 200_000, Constraints: rare},
		{Name: "same demographics", Count: 200_000, Constraints: demo},
		{Name: "same conditions", Count: 200_000, Constraints: same},
	}, Background: 200_000}
	p := testPlan(b, sc.Total(), func(o *Options) { o.Scenario = sc })

	// How rare: ordinary patients meeting every constraint.
	var natural models.Batch
	matches := 0
	const sample = 20_000
	if err := p.Generate(600_000, 600_000+sample, &natural); err != nil {
		b.Fatal(err)
	}
	for _, r := range records(&natural, p.Practices()) {
		if len(rare.Violations(r, p.Opts.AsOf)) == 0 {
			matches++
		}
	}
	b.ReportMetric(float64(matches)/sample*1000, "natural-per-1000")

	// Each kind of patient gets its own warmed-up worker and batch, as in
	// a real run, so neither pays for slice growth.
	type runner struct {
		w     *worker
		batch models.Batch
		next  int64
		rows  int
	}
	newRunner := func(first int64) *runner {
		r := &runner{w: newWorker(p), next: first}
		r.w.generate(first, first+batchSize, &r.batch)
		return r
	}
	// Wall time per patient, and the CPU time of this goroutine's thread
	// (locked to it): on a shared machine, waiting for a core inflates the
	// wall time of whichever side was running, the CPU time much less.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	timePer := func(r *runner) (wall, cpu float64) {
		const n = 8 * batchSize
		start, cpu0 := time.Now(), threadCPU()
		for k := 0; k < 8; k++ {
			if err := r.w.generate(r.next, r.next+batchSize, &r.batch); err != nil {
				b.Fatal(err)
			}
			for _, v := range r.batch.Rows() {
				r.rows += v
			}
			r.next += batchSize
		}
		return float64(time.Since(start).Nanoseconds()) / n, float64(threadCPU()-cpu0) / n
	}
	plainRun, rareRun, demoRun := newRunner(600_000+batchSize), newRunner(batchSize), newRunner(200_000+batchSize)
	sameRun := newRunner(400_000 + batchSize)
	var plain, constrained, demographic, sameConds float64
	var cpuRare, cpuDemo, cpuSame float64
	for i := 0; i < b.N; i++ {
		w, _ := timePer(plainRun)
		plain += w
		w, c := timePer(rareRun)
		constrained, cpuRare = constrained+w, cpuRare+c
		w, c = timePer(demoRun)
		demographic, cpuDemo = demographic+w, cpuDemo+c
		w, c = timePer(sameRun)
		sameConds, cpuSame = sameConds+w, cpuSame+c
	}
	b.ReportMetric(constrained/demographic, "cost-ratio-same-demographics")
	b.ReportMetric(constrained/sameConds, "cost-ratio-same-age-conditions")
	if cpuSame > 0 { // thread CPU time is measured on Linux only (bench_cpu_test.go)
		b.ReportMetric(cpuRare/cpuDemo, "cpu-ratio-same-demographics")
		b.ReportMetric(cpuRare/cpuSame, "cpu-ratio-same-age-conditions")
	}
	b.ReportMetric(plain/float64(b.N), "ns/plain-patient")
	b.ReportMetric(constrained/float64(b.N), "ns/rare-patient")
	b.ReportMetric(constrained/plain, "cost-ratio")
	b.ReportMetric(float64(rareRun.rows)/float64(plainRun.rows), "rows-ratio")
}

// BenchmarkNewPlan is the fixed cost of every run before the first patient:
// loading the datasets and resolving them into a plan (probabilities,
// thresholds, lookup tables).
func BenchmarkNewPlan(b *testing.B) {
	for n := 0; n < b.N; n++ {
		testPlan(b, 100_000, nil)
	}
}
