package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// A required A&E attendance planned on a day the member turns out to be in
// hospital moves to a free day of its window. Member 318 of the poorly
// controlled diabetics (seed 11) was admitted on the planned day and had
// no A&E attendance in the last 30 days before.
func TestRequiredAEMovesOffAHospitalStay(t *testing.T) {
	c := poorlyControlled()
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{{Name: "cohort", Count: 400, Constraints: c}}, Background: 1}
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	var b models.Batch
	if err := p.Generate(318, 319, &b); err != nil {
		t.Fatal(err)
	}
	for _, r := range records(&b, p.Practices()) {
		if v := c.Violations(r, p.Opts.AsOf); len(v) > 0 {
			t.Errorf("%s: %v", r.Patient.PatientID, v)
		}
	}
}

func TestFreeDay(t *testing.T) {
	d := models.CivilDate(2025, 3, 6)
	per := &person{stays: []stay{{start: d.Start().AddMinutes(600), end: (d + 2).Start().AddMinutes(600)}}} // 6th-8th
	for _, tc := range []struct {
		day, from, to, want models.Date
	}{
		{d - 3, d - 10, d + 10, d - 3}, // free: kept
		{d, d - 10, d + 10, d - 1},     // in the stay: the nearest free day
		{d + 1, d - 10, d + 2, d - 1},  // later days all touched: earlier
		{d + 1, d, d + 2, d + 1},       // no free day in the window: unchanged
	} {
		if got := freeDay(per, tc.day, tc.from, tc.to); got != tc.want {
			t.Errorf("freeDay(%v, %v..%v) = %v, want %v", tc.day, tc.from, tc.to, got, tc.want)
		}
	}
}
