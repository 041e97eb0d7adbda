// Checks for the twenty-second review: the MRC dyspnoea grade follows COPD's
// severity and its course toward death. Before, 31 of 64 people who died of
// COPD had a last grade of 1 or 2 (generate -n 20000 -s 5), and the grade
// barely rose as FEV1 fell (MRC 3+ at 55-57% under 50% of predicted).
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// mrcGrade is the MRC grade an observation records (0: not a grade).
func (r *realism) mrcGrade(o *models.Observation) int {
	grades := r.p.gradeCodes[r.p.obsIndex["mrc_dyspnoea"]]
	return slices.IndexFunc(grades, func(g datasets.ObservationCode) bool { return g.Snomed == o.SnomedCode }) + 1
}

// TestMRCGradeRisesTowardCOPDDeath: a person who dies of COPD is severely
// breathless in the last years (MRC 4-5: GSF prognostic indicators), so the
// last grade recorded in the two years before the death is 4 or 5 for at
// least half of them and 1 or 2 for at most 1 in 8.
func TestMRCGradeRisesTowardCOPDDeath(t *testing.T) {
	r := review5Population(t)
	n, severe, mild := 0, 0, 0
	for id, pt := range r.patients {
		if pt.CauseOfDeathCode != "J44.9" || r.has(id, "copd") == nil {
			continue
		}
		last, lastAt := 0, models.Date(0)
		for _, o := range r.obsOf[id] {
			if g, d := r.mrcGrade(o), o.EffectiveTime.Date(); g > 0 && d >= pt.DeathDate-730 && d >= lastAt {
				last, lastAt = g, d
			}
		}
		if last == 0 {
			continue
		}
		n++
		switch {
		case last >= 4:
			severe++
		case last <= 2:
			mild++
			t.Logf("patient %s died of COPD on %s with MRC grade %d on %s", id, pt.DeathDate, last, lastAt)
		}
	}
	enough(t, n, 20, "COPD deaths with an MRC grade in their last two years")
	t.Logf("last MRC grade before a COPD death: 4-5 in %d, 1-2 in %d of %d", severe, mild, n)
	if severe*2 < n || mild*8 > n {
		t.Errorf("last MRC grade before a COPD death: 4-5 in %d and 1-2 in %d of %d (want half or more, and 1 in 8 or fewer)", severe, mild, n)
	}
}

// TestMRCGradeFollowsAirflowLimitation: with FEV1 under 50% of predicted
// (GOLD 3-4) most people are graded MRC 3 or more (60% or more), about twice
// the share at 80% or more (32%, Mullerova et al. 2014).
func TestMRCGradeFollowsAirflowLimitation(t *testing.T) {
	r := review5Population(t)
	fev1 := r.snomed("fev1")
	m := r.p.obsModels[r.p.obsIndex["fev1"]]
	severe, severeHigh := 0, 0
	for id, pt := range r.patients {
		for _, o := range r.obsOf[id] {
			g := r.mrcGrade(o)
			if g == 0 {
				continue
			}
			for _, f := range r.obsByEnc[o.EncounterID] {
				if f.SnomedCode != fev1 || f.Value == nil {
					continue
				}
				pred := m.Mean + m.AgeSlope*(float64(ageOnDay(pt, o.EffectiveTime.Date()))-40)
				if pt.Sex == "male" {
					pred += m.MaleShift
				}
				if *f.Value/pred < 0.5 {
					severe++
					if g >= 3 {
						severeHigh++
					}
				}
			}
		}
	}
	enough(t, severe, 300, "MRC grades beside an FEV1 under 50% of predicted")
	t.Logf("MRC 3+ at %d of %d readings with FEV1 under 50%% of predicted", severeHigh, severe)
	if severeHigh*10 < severe*6 {
		t.Errorf("MRC grade 3 or more at %d of %d readings with FEV1 under 50%% of predicted (want 60%% or more)", severeHigh, severe)
	}
}
