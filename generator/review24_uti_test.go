package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// TestWithdrawnNitrofurantoinIsReplaced: a UTI's nitrofurantoin chosen
// before an eGFR below 45 dated before it was written (a reading at a later
// contact) is withdrawn once every result is written (withdrawRenalAcute).
// Before the twenty-fourth review the infection then had no antibiotic (seed
// 1, patient 23403: a woman of 78 at an eGFR of 43); the course's if_ruled_out
// (trimethoprim, NICE NG109) is now issued in its place on the same day, at
// the same contact and for the same UTI, or, when a rule rules that out too
// (an eGFR below trimethoprim's own limit of 15), trimethoprim's own
// then_ruled_out (pivmecillinam, h65f).
func TestWithdrawnNitrofurantoinIsReplaced(t *testing.T) {
	p := testPlan(t, 10, nil)
	var course *shortCoursePlan
	for i := range p.presentations {
		if pp := &p.presentations[i]; pp.Key == "uti" {
			for k := range pp.courses {
				if c := &pp.courses[k]; c.meds != nil && c.meds.med.Key == "nitrofurantoin" && c.sex == sexIndex("female") && c.MaxAge == 0 { // the women's course, not girls' (twenty-fifth review)
					course = c
				}
			}
		}
	}
	if course == nil || course.last == nil || course.last.med.Key != "trimethoprim" {
		t.Fatal("uti: want a women's nitrofurantoin course with trimethoprim as its if_ruled_out (catalogue.yaml)")
	}
	always := *course
	always.Probability = 1 // the course's chance is not what is tested
	d := p.Opts.AsOf - 400
	for _, tc := range []struct {
		egfr float64
		want string // the live issue left on the day: "" none
	}{
		{60, "nitrofurantoin"}, // above 45: nothing withdrawn
		{38, "trimethoprim"},
		{12, "pivmecillinam"}, // below trimethoprim's own limit too: its then_ruled_out (h65f; no renal limit in prescribing.yaml)
	} {
		w := newWorker(p)
		w.b = &models.Batch{}
		per := &person{id: "p", sex: sexIndex("female"), birth: d - 78*366, death: models.NoDate, firstDay: d - 3000, lastDay: p.Opts.AsOf,
			egfrSeen: []egfrReading{{day: d - 100, value: 70}}} // the result the course is chosen on
		s := distributions.NewStream(1, 1, 1)
		w.shortCourse(per, &always, "enc", "uti", d, d+7, &s)
		if len(w.b.Prescriptions) != 1 || medKey(&w.b.Prescriptions[0]) != "nitrofurantoin" {
			t.Fatalf("no eGFR on the record: want one nitrofurantoin issue, got %d rows", len(w.b.Prescriptions))
		}
		first := w.b.Prescriptions[0]
		per.egfrSeen = append(per.egfrSeen, egfrReading{day: d - 30, value: tc.egfr}) // written later, dated before
		w.withdrawRenalAcute(per)
		got := ""
		for i := range w.b.Prescriptions {
			rx := &w.b.Prescriptions[i]
			if rx.PrescriptionID.IsZero() {
				continue
			}
			if got != "" {
				t.Fatalf("eGFR %.0f: two live issues (%s, %s)", tc.egfr, got, medKey(rx))
			}
			got = medKey(rx)
			if rx.StartDate != d || rx.EndDate != first.EndDate || rx.EncounterID != "enc" || rx.ConditionID != "uti" || rx.Type != models.PrescriptionAcute {
				t.Errorf("eGFR %.0f: %s %s-%s at %q for %q (%s), want the withdrawn course's days %s-%s, contact and UTI", tc.egfr, got, rx.StartDate, rx.EndDate, rx.EncounterID, rx.ConditionID, rx.Type, d, first.EndDate)
			}
		}
		if got != tc.want {
			t.Errorf("eGFR %.0f written later, dated before the UTI: live issue %q, want %q", tc.egfr, got, tc.want)
		}
	}
}
