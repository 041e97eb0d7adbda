package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
)

// TestNoScreeningContactMovedPastTheProgrammesEnd: a woman's last breast
// screening invitation fell days before her 71st birthday, busy days moved
// the practice contact that files the result to the birthday itself, and
// the mammogram was coded at 71 (hard rule breast-screening-outside-programme,
// 1 woman on generate -n 20000 -s 9; twenty-sixth review). A contact moved
// to until_age's birthday or later is not written.
func TestNoScreeningContactMovedPastTheProgrammesEnd(t *testing.T) {
	p := testPlan(t, 200, nil)
	var pp *programmePlan
	for k := range p.programmes {
		if p.programmes[k].p.Key == "breast" {
			pp = &p.programmes[k]
		}
	}
	if pp == nil {
		t.Fatal("no breast screening programme")
	}
	w, b := newPatientWorker(p)
	for i := int64(0); i < 200; i++ {
		if err := w.patient(i); err != nil {
			t.Fatal(err)
		}
		per := &w.per
		stop := per.birthday(pp.p.UntilAge)
		if per.sex != pp.sex || stop-10 < per.firstDay || stop+30 > per.lastDay {
			continue
		}
		per.stays = per.stays[:0]
		for d := stop - 5; d <= stop+3; d++ { // busy to past the birthday
			per.gpDays.add(d)
		}
		encs, obs := len(b.Encounters), len(b.Observations)
		s := distributions.NewStream(1, uint64(i))
		day := stop - 5
		w.recordScreen(per, pp, pp.p.TestOn(day), day, stop, true, false, 14, &s)
		for k := encs; k < len(b.Encounters); k++ {
			t.Errorf("patient %d (71 on %s): a screening contact written on %s", i, stop, b.Encounters[k].StartTime.Date())
		}
		for k := obs; k < len(b.Observations); k++ {
			t.Errorf("patient %d (71 on %s): %s coded on %s", i, stop, b.Observations[k].Description, b.Observations[k].EffectiveTime.Date())
		}
		// the same invitation a fortnight earlier is still filed
		for d := stop - 5; d <= stop+3; d++ {
			per.gpDays.remove(d)
		}
		w.recordScreen(per, pp, pp.p.TestOn(stop-20), stop-20, stop, true, false, 14, &s)
		if len(b.Observations) == obs {
			t.Errorf("patient %d: a result due before her 71st birthday was not filed", i)
		}
		return
	}
	t.Fatal("no woman turning 71 within the record")
}
