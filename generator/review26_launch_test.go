package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoMedicineBeforeItsLaunch: a GP reviewer found single-inhaler triple
// therapy for COPD (authorised November 2017) issued from 2014, and
// edoxaban (June 2015) from 2014 (twenty-sixth review). No medicine with a
// prescribing.yaml available_from date is issued before it; the medicine
// is still prescribed after it.
func TestNoMedicineBeforeItsLaunch(t *testing.T) {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	r := review5Population(t)
	from := map[string]models.Date{} // dm+d product → its medicine's launch
	for _, a := range rules.AvailableFrom {
		for _, reg := range datasets.LadderRegimens(a.Medicine, "") {
			from[reg.DMDCode] = a.From.Date()
		}
	}
	if len(from) == 0 {
		t.Fatal("no available_from products")
	}
	before, after := 0, 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		d, ok := from[rx.DMDCode]
		if !ok {
			continue
		}
		if rx.StartDate < d {
			before++
			if before <= 5 {
				t.Errorf("%s issued on %s, before its launch (%s)", rx.Medication, rx.StartDate, d)
			}
		} else {
			after++
		}
	}
	enough(t, after, 300, "issues of the dated medicines after their launch")
	if before > 0 {
		t.Errorf("%d issues before their medicine's launch (%d after)", before, after)
	}
}
