// Checks for h67f. A GP found gliclazide, trimethoprim and dapagliflozin
// given at an eGFR below 30 (generate -n 20000 -s 83: gliclazide 24 issues,
// trimethoprim 20; dapagliflozin started 7 times below 25), and allopurinol
// lowered and raised again as readings crossed a renal band's edge.
// prescribing.yaml renal: gliclazide (SmPC: contra-indicated in severe renal
// insufficiency) and trimethoprim (BNF: half dose at 15-30; hyperkalaemia)
// stop below 30, an SGLT2 inhibitor is not started below 25 (SmPC), and
// allopurinol's ceiling is raised past only on two results clear of it.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoGliclazideOrTrimethoprimBelowEGFR30: no issue of either at a latest
// eGFR (the year before, its day included) below 30. One is allowed: an AKI
// read in A&E the day before the review's better one, read in another order.
func TestNoGliclazideOrTrimethoprimBelowEGFR30(t *testing.T) {
	r := review5Population(t)
	egfr := observationCode(t, "egfr")
	impaired, below := 0, 0
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if k := medKey(rx); k != "gliclazide" && k != "trimethoprim" {
				continue
			}
			v, ok := latestResultBefore(r.obsOf[id], egfr, rx.StartDate, 365)
			if !ok || v >= 45 {
				continue
			}
			impaired++
			if v < 30 {
				if below++; below <= 5 {
					t.Logf("%s: %s issued %s at an eGFR of %.0f", id, rx.Medication, rx.StartDate, v)
				}
			}
		}
	}
	t.Logf("%d gliclazide and trimethoprim issues at an eGFR below 45, %d below 30", impaired, below)
	enough(t, impaired, 50, "gliclazide and trimethoprim issues at an eGFR below 45")
	if below > 1 {
		t.Errorf("%d gliclazide or trimethoprim issues at a latest eGFR below 30, want at most 1", below)
	}
}

// TestSGLT2NotStartedBelowEGFR25: an SGLT2 inhibitor's first issue (none of
// the class in the year before, nor one running to within 90 days of it) is
// not made at a latest eGFR below 25.
func TestSGLT2NotStartedBelowEGFR25(t *testing.T) {
	r := review5Population(t)
	egfr := observationCode(t, "egfr")
	starts, impaired, below := 0, 0, 0
	for id, rxs := range r.rxOf {
		var sglt2 []*models.Prescription
		for _, rx := range rxs {
			if k := medKey(rx); k == "dapagliflozin" || k == "empagliflozin" || k == "canagliflozin" {
				sglt2 = append(sglt2, rx)
			}
		}
		for _, rx := range sglt2 {
			if slices.ContainsFunc(sglt2, func(p *models.Prescription) bool {
				return p.StartDate < rx.StartDate && (p.StartDate >= rx.StartDate-365 || p.EndDate == models.NoDate || p.EndDate >= rx.StartDate-90)
			}) {
				continue // a repeat: an issue in the year before, or one that ran to within 90 days
			}
			starts++
			v, ok := latestResultBefore(r.obsOf[id], egfr, rx.StartDate, 365)
			if !ok || v >= 45 {
				continue
			}
			impaired++
			if v < 25 {
				below++
				t.Logf("%s: %s started %s at an eGFR of %.0f", id, rx.Medication, rx.StartDate, v)
			}
		}
	}
	t.Logf("%d SGLT2 inhibitor starts, %d at an eGFR below 45, %d below 25", starts, impaired, below)
	enough(t, impaired, 20, "SGLT2 inhibitor starts at an eGFR below 45")
	if below > 1 {
		t.Errorf("%d SGLT2 inhibitors started at a latest eGFR below 25, want at most 1", below)
	}
}

// TestAllopurinolNotRaisedOnOneBetterReading: a raise of allopurinol past a
// renal ceiling has the last two eGFRs (15 months, the raise's day
// included) both clear of it; on one better reading the dose went back up
// months after the kidneys lowered it (h67f). One is allowed: a same-day
// pair read in another order than the prescriber's.
func TestAllopurinolNotRaisedOnOneBetterReading(t *testing.T) {
	r := review5Population(t)
	egfr := observationCode(t, "egfr")
	raises, past := 0, 0
	for id, rxs := range r.rxOf {
		var al []*models.Prescription
		for _, rx := range rxs {
			if medKey(rx) == "allopurinol" {
				al = append(al, rx)
			}
		}
		slices.SortStableFunc(al, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		for i := 1; i < len(al); i++ {
			mg, prev := allopurinolMg(t, al[i]), allopurinolMg(t, al[i-1])
			if mg <= prev {
				continue
			}
			raises++
			two, ok := lastTwoByDay(r.obsOf[id], egfr, al[i].StartDate)
			if !ok {
				continue
			}
			if mg > allopurinolRenalCeiling(min(two[0], two[1])) {
				if past++; past <= 5 {
					t.Logf("%s: allopurinol raised %d -> %d mg on %s at eGFRs %.0f and %.0f", id, prev, mg, al[i].StartDate, two[0], two[1])
				}
			}
		}
	}
	t.Logf("%d allopurinol raises, %d past the ceiling of one of the last two eGFRs", raises, past)
	enough(t, raises, 100, "allopurinol raises")
	if past > 1 {
		t.Errorf("%d allopurinol raises past the renal ceiling of one of the last two eGFRs, want at most 1", past)
	}
}

// lastTwoByDay is the two latest results of code on or before d within 15
// months (the later first); ok is false with fewer than two.
func lastTwoByDay(obs []*models.Observation, code string, d models.Date) ([2]float64, bool) {
	var os []*models.Observation
	for _, o := range obs {
		if od := o.EffectiveTime.Date(); o.SnomedCode == code && o.Value != nil && od <= d && od > d-456 {
			os = append(os, o)
		}
	}
	slices.SortStableFunc(os, func(a, b *models.Observation) int { return int(b.EffectiveTime - a.EffectiveTime) })
	if len(os) < 2 {
		return [2]float64{}, false
	}
	return [2]float64{*os[0].Value, *os[1].Value}, true
}
