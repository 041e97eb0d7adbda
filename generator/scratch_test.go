package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// TestValuesOutliveTheirBatch: a batch's observation values (carved from
// the worker's chunks, values.go) stay as written while the worker
// generates the next batches, as a sink that keeps rows after Write
// (PartWriter) reads them. Fails if a chunk is reused or a value moved.
func TestValuesOutliveTheirBatch(t *testing.T) {
	p := testPlan(t, 3*batchSize, nil)
	w := newWorker(p)
	var first, later models.Batch
	if err := w.generate(0, batchSize, &first); err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, o := range first.Observations {
		if o.Value != nil {
			want = append(want, *o.Value)
		}
	}
	if len(want) < valueChunk {
		t.Fatalf("%d values in a batch: fewer than a chunk, so no chunk was replaced", len(want))
	}
	for lo := int64(batchSize); lo < 3*batchSize; lo += batchSize {
		if err := w.generate(lo, lo+batchSize, &later); err != nil {
			t.Fatal(err)
		}
	}
	k := 0
	for _, o := range first.Observations {
		if o.Value != nil {
			if *o.Value != want[k] {
				t.Fatalf("observation %s: value %v became %v once later batches were made", o.ObservationID, want[k], *o.Value)
			}
			k++
		}
	}
}

// TestUnmodelledAgesArePerPerson: the ages the eFI's unmodelled deficits
// start at, kept for the person last asked (unmodelledFrom), are each
// person's own however the asks alternate between people: as a worker that
// never asked before would draw them.
func TestUnmodelledAgesArePerPerson(t *testing.T) {
	p := testPlan(t, 100, nil)
	w := newWorker(p)
	differ := false
	for _, i := range []int64{3, 3, 4, 3, 7, 8, 8, 3} {
		got := slices.Clone(w.unmodelledFrom(&person{index: i}))
		want := newWorker(p).unmodelledFrom(&person{index: i})
		if !slices.Equal(got, want) {
			t.Fatalf("person %d: unmodelled deficits from ages %v, drawn afresh %v", i, got, want)
		}
		differ = differ || !slices.Equal(got, newWorker(p).unmodelledFrom(&person{index: 4}))
	}
	if !differ {
		t.Fatal("every person has the same ages: the check cannot tell people apart")
	}
}

// TestCalendarWalksAreNotNested: the walks share the person's stream
// (person.walk), so a walk started inside another stops the run rather than
// moving the outer walk's draws.
func TestCalendarWalksAreNotNested(t *testing.T) {
	per := &person{firstDay: models.CivilDate(2020, 1, 1), lastDay: models.CivilDate(2021, 12, 31)}
	years := 0
	calendarYears(per, purposeActivity, 1, func(from, to models.Date, age int, frac float64, s *distributions.Stream) { years++ })
	if years != 2 || per.walking {
		t.Fatalf("%d years walked (want 2), walk still marked %v", years, per.walking)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a walk inside a walk did not panic")
		}
	}()
	calendarYears(per, purposeActivity, 1, func(from, to models.Date, age int, frac float64, s *distributions.Stream) {
		calendarYears(per, purposeAcute, 1, func(models.Date, models.Date, int, float64, *distributions.Stream) {})
	})
}

// TestWithdrawStartsForgetsTheLastPerson: withdrawStarts keeps the end of
// each group's latest kept issue in worker scratch (groupEnds), keyed by a
// group the plan's people share (a medicine's plan). Person B's first issue
// of a medicine starts it, however recently person A's issue of the same
// medicine ended: fails if the ends are not cleared between calls.
func TestWithdrawStartsForgetsTheLastPerson(t *testing.T) {
	w := newWorker(testPlan(t, 10, nil))
	w.b = &models.Batch{}
	group := &medPlan{}
	day := models.CivilDate(2020, 1, 1)
	issue := func(start, end models.Date) models.Prescription {
		return models.Prescription{PrescriptionID: models.ID{Lo: uint64(len(w.b.Prescriptions) + 1)}, StartDate: start, EndDate: end}
	}
	w.b.Prescriptions = append(w.b.Prescriptions, issue(day, day+30))
	a := &person{lastDay: day + 3650}
	barredDays := map[models.Date]bool{}
	run := func(per *person) {
		w.withdrawStarts(per, func(*models.Prescription) any { return group },
			func(i int, _ any) bool { return barredDays[w.b.Prescriptions[i].StartDate] })
	}
	run(a)
	b := &person{rxFrom: len(w.b.Prescriptions), lastDay: day + 3650}
	w.b.Prescriptions = append(w.b.Prescriptions, issue(day+40, day+70))
	barredDays[day+40] = true
	run(b)
	if !w.b.Prescriptions[1].PrescriptionID.IsZero() {
		t.Fatal("person B's first issue, barred on its day, was kept: person A's issue ending 10 days before was taken for B's")
	}
	if w.b.Prescriptions[0].PrescriptionID.IsZero() {
		t.Fatal("person A's issue was withdrawn, never barred")
	}
}
