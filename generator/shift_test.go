package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// poorlyControlled is the built-in diabetes clinic's poorly controlled
// subgroup with its recent A&E attendance: 65+ in Leeds with type 2
// diabetes on metformin, latest HbA1c above 75 in the last year.
func poorlyControlled() scenario.Constraints {
	sc := testScenario()
	c := sc.Cohorts[0]
	return mergeConstraints(mergeConstraints(c.Constraints, c.Subgroups[0].Constraints), c.Subgroups[1].Constraints)
}

// generateCohort generates n members of one cohort with one worker and
// reports the batch and how many patient passes they took.
func generateCohort(t *testing.T, c scenario.Constraints, n int64) (*Plan, *models.Batch, int) {
	t.Helper()
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{{Name: "cohort", Count: n, Constraints: c}}, Background: 1}
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	var b models.Batch
	w := newWorker(p)
	if err := w.generate(0, n, &b); err != nil {
		t.Fatal(err)
	}
	return p, &b, w.passes
}

// A member whose HbA1c must be above 75 is a diabetic poorly controlled on
// treatment, not a controlled one with a last reading lifted: the reading
// before the latest misses NICE NG28's target too, and treatment has
// answered the readings by going past metformin. Measured on seed 11: 190
// and 157 of 200 members; 65 and 73 before the shift survived the
// diagnosis anchor, when only the latest reading was lifted.
func TestPoorlyControlledDiabeticsAreSoOnTreatment(t *testing.T) {
	c := poorlyControlled()
	p, b, _ := generateCohort(t, c, 200)
	hba1c := p.obsCodes[p.slots.hba1c].Snomed
	target := p.conds[p.condIndex["type2_diabetes"]].CareTarget.Above
	var members, missedBefore, beyondFirstLine int
	for _, r := range records(b, p.Practices()) {
		if v := c.Violations(r, p.Opts.AsOf); len(v) > 0 {
			t.Errorf("%s: %v", r.Patient.PatientID, v)
			continue
		}
		members++
		var readings []float64
		for _, o := range r.Observations {
			if o.SnomedCode == hba1c && o.Value != nil {
				readings = append(readings, *o.Value)
			}
		}
		if n := len(readings); n >= 2 && readings[n-2] > target {
			missedBefore++
		}
		last := r.Patient.DeathDate
		if last == models.NoDate {
			last = p.Opts.AsOf
		}
		meds := map[string]bool{}
		for _, rx := range r.Prescriptions {
			g, ok := datasets.RegimenByDMD(rx.DMDCode)
			if ok && rx.StartDate <= last && (rx.EndDate == models.NoDate || rx.EndDate >= last) && datasets.InClass(g.Medicine, "glucose_lowering") {
				meds[g.Medicine] = true
			}
		}
		if len(meds) >= 2 {
			beyondFirstLine++
		}
	}
	t.Logf("%d members: reading before the latest above %.0f in %d, on two or more glucose-lowering medicines in %d",
		members, target, missedBefore, beyondFirstLine)
	if missedBefore < members*9/10 {
		t.Errorf("the reading before the latest missed the target in %d of %d members, want 90%%+", missedBefore, members)
	}
	if beyondFirstLine < members*65/100 {
		t.Errorf("%d of %d members on two or more glucose-lowering medicines, want 65%%+", beyondFirstLine, members)
	}
}

// A shifted member costs about two generations, not five: the shift lands
// the first time for most (issue 14's bound, at most 3x a patient of the
// same age and conditions, is timed in BenchmarkRareCohort). Measured on seed
// 11: 2.08 passes per member; 4.70 before the shift survived the diagnosis
// anchor and anticipated the escalation. Stop 58's titrated basal insulin
// (HbA1c answering the dose) took it to 2.43, so the bound is 2.5, still
// well under issue 14's 3x.
func TestShiftedMembersAreGeneratedAboutTwice(t *testing.T) {
	const n = 200
	_, _, passes := generateCohort(t, poorlyControlled(), n)
	per := float64(passes) / n
	t.Logf("%.2f passes per member", per)
	if per > 2.5 {
		t.Errorf("%.2f passes per poorly controlled diabetic, want at most 2.5", per)
	}
}
