// Checks for the repeats in force when the record opens (tenth review,
// docs/clinical-model.md, "Repeats in force when the record opens (tenth
// review)").
package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestRepeatsInForceWhenTheRecordOpens: a GP reading the record of someone
// treated for years for hypertension found no antihypertensive for months:
// repeats of conditions diagnosed before the window were first issued at
// the first review inside it (287 of 1,274 people with hypertension more
// than 180 days in, -n 20000 -s 5). Every medicine running on the record's
// first day is on the record from that day. Counts each course running on
// the first day of a condition diagnosed before it; its first issue in the
// record (the first row of its product that runs on to the first day or
// later) is late when it starts more than 56 days in (two repeat cycles):
// none is (on main 790 of 1,019 were). The review that authorised them is
// before the record: its issue is written with no encounter, and no
// contact comes before the window (h55c).
func TestRepeatsInForceWhenTheRecordOpens(t *testing.T) {
	const n = 3000
	p := testPlan(t, n, nil)
	w, b := newPatientWorker(p)
	type tally struct{ running, late, day1 int }
	byCond := map[string]*tally{}
	total := tally{}
	for i := int64(0); i < n; i++ {
		r0 := len(b.Prescriptions)
		e0 := len(b.Encounters)
		if err := w.patient(i); err != nil {
			t.Fatal(err)
		}
		per := &w.per
		for k := range per.courses {
			cr := &per.courses[k]
			hc := &per.conds[cr.cond]
			if hc.onset >= per.firstDay || !cr.running(per.firstDay) {
				continue
			}
			first := models.NoDate
			for _, rx := range b.Prescriptions[r0:] {
				if rx.DMDCode == cr.reg.DMDCode && (rx.EndDate == models.NoDate || rx.EndDate >= per.firstDay) &&
					(first == models.NoDate || rx.StartDate < first) {
					first = rx.StartDate
				}
			}
			tl := byCond[hc.plan.Key]
			if tl == nil {
				tl = &tally{}
				byCond[hc.plan.Key] = tl
			}
			tl.running++
			total.running++
			if first != models.NoDate && first <= per.firstDay {
				tl.day1++
				total.day1++
			}
			if first == models.NoDate || first > per.firstDay+56 {
				tl.late++
				total.late++
			}
		}
		// the review that authorised them is before the record and not
		// written (h55c): no contact before the window
		for _, e := range b.Encounters[e0:] {
			if d := e.StartTime.Date(); d < per.firstDay {
				t.Fatalf("patient %d: %s encounter on %s, before the record opens on %s", i, e.Setting, d, per.firstDay)
			}
		}
	}
	keys := make([]string, 0, len(byCond))
	for k := range byCond {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		tl := byCond[k]
		t.Logf("%-22s courses running on day 1: %4d, on the record from day 1: %4d, first issued more than 56 days in: %4d", k, tl.running, tl.day1, tl.late)
	}
	t.Logf("all: %d courses, %d from day 1, %d late", total.running, total.day1, total.late)
	if total.running < 500 {
		t.Fatalf("only %d courses running on the first day: the check has too little to go on", total.running)
	}
	if total.late > 0 {
		t.Errorf("%d of %d medicines running on the record's first day first issued more than 56 days in", total.late, total.running)
	}
}
