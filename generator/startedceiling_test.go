package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestStartedCeilingMirrorsOnlyTheResultAStartRead: a potassium above the
// start bar, written on a day before a candesartan start that is already in
// the record, is mirrored below the bar (the prescriber who started it read
// the record as it stood); it is kept as drawn when a later result sits
// between it and the start, when the start continues a course, when no
// limited medicine starts after it, or when it is not above the bar.
func TestStartedCeilingMirrorsOnlyTheResultAStartRead(t *testing.T) {
	p := testPlan(t, 10, nil)
	slot, ok := p.obsIndex["potassium"]
	if !ok || p.stopOf[slot] == nil || p.stopOf[slot].StartAbove <= 0 {
		t.Fatal("prescribing.yaml: potassium needs result_stops with start_above")
	}
	rs := p.stopOf[slot]
	if !rs.LimitsStart("candesartan") {
		t.Fatal("potassium's start_above does not limit candesartan: the case below means nothing")
	}
	regs := datasets.Regimens("candesartan")
	if len(regs) == 0 {
		t.Fatal("no candesartan regimen")
	}
	dmd := regs[0].DMDCode
	above := rs.StartAbove + 0.3
	const start = models.Date(20000)
	fresh := func(rx ...models.Prescription) (*worker, *person) {
		w := newWorker(p)
		w.b = &models.Batch{Prescriptions: rx}
		return w, &person{}
	}
	issue := func(from, to models.Date) models.Prescription {
		return models.Prescription{DMDCode: dmd, StartDate: from, EndDate: to}
	}

	w, per := fresh(issue(start, models.NoDate))
	if got, want := w.startedCeiling(per, slot, above, start-3), rs.StartAbove-0.3; math.Abs(got-want) > 1e-9 {
		t.Errorf("result before a start already written: %.2f, want the mirror %.2f", got, want)
	}
	if got := w.startedCeiling(per, slot, rs.StartAbove-0.2, start-3); got != rs.StartAbove-0.2 {
		t.Errorf("result at or below the bar changed: %.2f", got)
	}
	if got := w.startedCeiling(per, slot, above, start+1); got != above {
		t.Errorf("result after the start changed: %.2f", got)
	}
	per.stopSeen = append(per.stopSeen, slotReading{slot: slot, day: start - 1, value: 4.2})
	if got := w.startedCeiling(per, slot, above, start-3); got != above {
		t.Errorf("a later result was the one the start read, yet the earlier one changed: %.2f", got)
	}

	w, per = fresh(issue(start-40, start-10), issue(start, models.NoDate))
	if got := w.startedCeiling(per, slot, above, start-3); got != above {
		t.Errorf("the issue continues a course that ended 10 days before, yet the result changed: %.2f", got)
	}
}
