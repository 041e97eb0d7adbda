package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestMemantineIsTitratedTo20mg: memantine starts at 5 mg and rises in
// weekly 5 mg steps to 20 mg a day (BNF), but not above 10 mg a day below an
// eGFR of 30 (BNF renal impairment). Every issue's dose text is one of its
// regimens.csv steps; a 15-20 mg step follows a 5-10 mg one; most patients'
// latest issue is the 20 mg maintenance dose (a specialist-started medicine
// continued at the practice); none above step 0 with a latest eGFR below 30.
// Before (forty-seventh session) every issue read "Take ONE tablet daily".
// An issue started before the record's first day is the one in force when
// the record opens: its titration began before it, so a 15 mg step there
// has its 5-10 mg steps outside the record (brief h65a: a dementia
// diagnosed in 2014, the 15 mg issue of 2015-02-23 in force on the record's
// first day).
func TestMemantineIsTitratedTo20mg(t *testing.T) {
	r := review5Population(t)
	steps := map[string]int{}
	for _, g := range datasets.Regimens("memantine") {
		steps[g.DoseText] = g.Step
	}
	top := len(steps) - 1
	egfr := r.snomed("egfr")
	patients, onTop, renalBreaks := 0, 0, 0
	for id, rxs := range r.rxOf {
		var mine []*models.Prescription
		for _, rx := range rxs {
			if medKey(rx) == "memantine" {
				mine = append(mine, rx)
			}
		}
		if len(mine) == 0 {
			continue
		}
		patients++
		slices.SortStableFunc(mine, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		lowest := top + 1
		for _, rx := range mine {
			st, ok := steps[rx.DoseText]
			if !ok {
				t.Fatalf("patient %s: memantine issued as %q, not a regimens.csv step", id, rx.DoseText)
			}
			if st == 1 && lowest > 0 && rx.StartDate >= r.p.windowStart {
				t.Errorf("patient %s: the 15 mg step on %s with no 5-10 mg step before it", id, rx.StartDate)
			}
			lowest = min(lowest, st)
			if v, ok := r.latestBefore(id, egfr, rx.StartDate, 365); st > 0 && ok && v < 30 {
				renalBreaks++
				t.Errorf("patient %s: memantine step %d on %s at an eGFR of %.0f", id, st, rx.StartDate, v)
			}
		}
		if steps[mine[len(mine)-1].DoseText] == top {
			onTop++
		}
	}
	enough(t, patients, 20, "patients issued memantine")
	if onTop*2 < patients {
		t.Errorf("%d of %d patients' latest memantine issue is the 20 mg maintenance dose: want most", onTop, patients)
	}
	t.Logf("memantine: %d patients, %d on 20 mg at their latest issue, %d renal breaks", patients, onTop, renalBreaks)
}
