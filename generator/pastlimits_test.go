package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestPastLimitsWithdrawWhatALaterWrittenResultForbids: the record's last
// safety step reads the results as written, whatever pass wrote them.
//   - alendronic acid re-issued the day after an eGFR of 33 (its renal
//     stop_below 35; generate -n 30000 -s 89 before: hard rule
//     alendronic-acid-egfr-below-35, 1 of 594) is withdrawn, the issue before
//     the result kept;
//   - lithium issued at a review whose own sample read 27 (stop_below 30) is
//     withdrawn; one whose latest eGFR is 31 is kept; an eGFR more than a year
//     old does not count;
//   - candesartan started two months after a potassium of 5.1 (start_above
//     5.0) is withdrawn, and so is the next issue that would start it in its
//     place; a repeat of a course running across such a result is kept.
//
// Each case fails when the step is not run (the rows stay), and the kept
// rows fail when it withdraws beyond the limits.
func TestPastLimitsWithdrawWhatALaterWrittenResultForbids(t *testing.T) {
	p := testPlan(t, 10, nil)
	k, ok := p.obsIndex["potassium"]
	if !ok || p.stopOf[k] == nil || p.stopOf[k].StartAbove != 5.0 {
		t.Fatal("prescribing.yaml: potassium needs result_stops with start_above 5.0")
	}
	for key, limit := range map[string]float64{"alendronic_acid": 35, "lithium": 30} {
		if m := p.medPlans[key]; m == nil || m.renal == nil || m.renal.StopBelow != limit {
			t.Fatalf("prescribing.yaml renal: %s needs stop_below %g for the cases below", key, limit)
		}
	}
	dmd := func(key string) string {
		regs := datasets.Regimens(key)
		if len(regs) == 0 {
			t.Fatalf("no %s regimen", key)
		}
		return regs[0].DMDCode
	}
	alendronic, lithium, candesartan := dmd("alendronic_acid"), dmd("lithium"), dmd("candesartan")
	day := models.CivilDate(2020, 8, 20)
	w := newWorker(p)
	w.b = &models.Batch{}
	issue := func(code string, from, to models.Date) int {
		w.b.Prescriptions = append(w.b.Prescriptions, models.Prescription{PrescriptionID: models.ID{Lo: uint64(len(w.b.Prescriptions) + 1)}, DMDCode: code, StartDate: from, EndDate: to})
		return len(w.b.Prescriptions) - 1
	}
	result := func(slot int, d models.Date, v float64) {
		w.b.Observations = append(w.b.Observations, models.Observation{ObservationID: models.ID{Lo: uint64(len(w.b.Observations) + 1)}, SnomedCode: p.obsCodes[slot].Snomed, EffectiveTime: d.Start().AddMinutes(600), Value: &v})
	}
	egfr := p.slots.egfr

	// alendronic acid: an eGFR of 33, written after the issue of the next day
	keptBefore := issue(alendronic, day-330, day)
	reissued := issue(alendronic, day+1, day+300)
	result(egfr, day, 33)
	// lithium: the review's own sample of 27; a later issue on 31; an old 20
	lowSample := issue(lithium, day+400, day+490)
	result(egfr, day+400, 27)
	result(egfr, day+480, 31)
	onRecovered := issue(lithium, day+491, day+580)
	result(egfr, day+700, 20)
	afterOld := issue(lithium, day+1100, day+1190)
	// candesartan: a potassium of 5.1 two months before a start
	result(k, day+1500, 5.1)
	start := issue(candesartan, day+1560, day+1590)
	next := issue(candesartan, day+1591, day+1620)
	// a course running across a potassium of 5.3 goes on (start_above
	// limits starts only), started on a potassium of 4.6
	result(k, day+1900, 4.6)
	running := issue(candesartan, day+2000, day+2100)
	result(k, day+2050, 5.3)
	repeat := issue(candesartan, day+2101, day+2200)

	per := &person{lastDay: day + 4000}
	w.withdrawPastLimits(per)
	gone := func(i int) bool { return w.b.Prescriptions[i].PrescriptionID.IsZero() }
	for _, c := range []struct {
		row       int
		withdrawn bool
		what      string
	}{
		{keptBefore, false, "alendronic acid issued before the eGFR of 33"},
		{reissued, true, "alendronic acid re-issued the day after an eGFR of 33"},
		{lowSample, true, "lithium issued at a review whose sample read 27"},
		{onRecovered, false, "lithium issued on a latest eGFR of 31"},
		{afterOld, false, "lithium issued with the eGFR of 20 more than a year before"},
		{start, true, "candesartan started two months after a potassium of 5.1"},
		{next, true, "candesartan's next issue, starting it in the withdrawn one's place"},
		{running, false, "candesartan started on a potassium of 4.6"},
		{repeat, false, "candesartan's repeat of a running course after a potassium of 5.3"},
	} {
		if gone(c.row) != c.withdrawn {
			t.Errorf("%s: withdrawn %v, want %v", c.what, gone(c.row), c.withdrawn)
		}
	}
}
