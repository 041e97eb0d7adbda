package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestPoorPrognosisCancersKillWithinTheirSurvival: a GP read an untreated
// pancreatic cancer at 84 that killed 16 months after its diagnosis, with
// routine care as before. Of the cancers diagnosed in the record whose
// published one-year survival is below a half (pancreas, lung, oesophagus,
// stomach, brain: catalogue sites survival), the share alive a year after
// the diagnosis follows the published figures: at most a little above
// them (net survival leaves out other deaths, and these patients are old),
// and not far below.
func TestPoorPrognosisCancersKillWithinTheirSurvival(t *testing.T) {
	r := review5Population(t)
	oneYear := map[string]float64{} // ICD-10 -> published one-year survival
	for _, c := range r.p.Cat.Conditions {
		for _, s := range c.Sites {
			if s.Survival != nil && s.Survival.OneYear < 0.5 {
				oneYear[s.ICD10] = s.Survival.OneYear
			}
		}
	}
	if len(oneYear) == 0 {
		t.Fatal("no cancer site with one-year survival below a half")
	}
	last := r.p.Opts.Population() - 365 // diagnosed at least a year before the record ends
	var n, alive int
	var expected float64
	for _, c := range r.b.Conditions {
		os, ok := oneYear[c.ICD10Code]
		if c.ConditionKey != "cancer" || !ok || c.OnsetDate > last || c.OnsetDate < last-20*365 {
			continue
		}
		n++
		expected += os
		if d := r.patients[c.PatientID].DeathDate; d == models.NoDate || d > c.OnsetDate+365 {
			alive++
		}
	}
	if n < 100 {
		t.Fatalf("only %d poor-prognosis cancers diagnosed in the record", n)
	}
	share, want := float64(alive)/float64(n), expected/float64(n)
	t.Logf("%d poor-prognosis cancers diagnosed: %.2f alive a year later (published net survival %.2f)", n, share, want)
	if share > want+0.12 || share < want-0.2 {
		t.Errorf("%d poor-prognosis cancers diagnosed: %.2f alive a year later; want within -0.20/+0.12 of the published %.2f", n, share, want)
	}
}

// TestNoRoutineMonitoringForProblemsOnTheRegister: a problem diagnosed
// while the person is on the palliative care register (a stroke, a heart
// attack) is followed up, but its follow-up no longer measures the routine
// monitoring of the review (HbA1c, cholesterol, the diabetic foot check):
// 14 such readings on main (the test population).
func TestNoRoutineMonitoringForProblemsOnTheRegister(t *testing.T) {
	r := review5Population(t)
	stops := map[string]bool{r.snomed("hba1c"): true, r.snomed("total_cholesterol"): true, r.snomed("foot_check"): true}
	register := r.p.Cat.EndOfLife.Register.Key
	onRegister := map[string]models.Date{}
	for _, c := range r.b.Conditions {
		if c.ConditionKey == register {
			if d, ok := onRegister[c.PatientID]; !ok || c.OnsetDate < d {
				onRegister[c.PatientID] = c.OnsetDate
			}
		}
	}
	onset := map[string]models.Date{}
	for _, c := range r.b.Conditions {
		onset[c.ConditionID] = c.OnsetDate
	}
	var bad, followUps int
	for _, e := range r.b.Encounters {
		from, ok := onRegister[e.PatientID]
		if !ok || e.StartTime.Date() <= from || e.ReasonConditionID == "" || onset[e.ReasonConditionID] <= from {
			continue
		}
		followUps++
		for _, o := range r.obsByEnc[e.EncounterID] {
			if stops[o.SnomedCode] {
				bad++
			}
		}
	}
	t.Logf("%d contacts about problems diagnosed on the register: %d routine monitoring readings", followUps, bad)
	if followUps < 20 {
		t.Fatalf("only %d contacts about problems diagnosed on the register", followUps)
	}
	if bad > 0 {
		t.Errorf("%d HbA1c, cholesterol or foot check readings at %d contacts about problems diagnosed on the register; want none", bad, followUps)
	}
}
