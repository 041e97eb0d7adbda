package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoRoutineCervicalScreeningInPregnancy: a routine cervical screening
// test is not taken in a known pregnancy; it waits until about 12 weeks
// after the birth (nhs.uk; pregnancy.yaml screening_after_birth_days). A
// test within 2 years of the one before is an early recall after an
// abnormal result (12 months, plus the wait for the appointment) and may be
// taken; a routine one is 3 or 5 years on. On main the screening calendar did not
// know of pregnancies: tests were taken in them (generate -n 20000 -s 5).
func TestNoRoutineCervicalScreeningInPregnancy(t *testing.T) {
	r := review5Population(t)
	code := r.p.encTypes[encCervicalScreening].Code
	tests := map[string][]models.Date{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.TypeCode == code {
			tests[e.PatientID] = append(tests[e.PatientID], e.StartTime.Date())
		}
	}
	pregnancies, inOne := 0, 0
	for id, days := range tests {
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "pregnancy" || c.ResolvedDate == models.NoDate {
				continue
			}
			pregnancies++
			for _, d := range days {
				if d < c.OnsetDate || d >= c.ResolvedDate {
					continue
				}
				recall := false
				for _, e := range days {
					if e < d && d-e < 730 {
						recall = true
					}
				}
				if !recall {
					inOne++
					t.Logf("patient %s: routine cervical screening on %s, in a pregnancy from %s to %s", id, d, c.OnsetDate, c.ResolvedDate)
				}
			}
		}
	}
	if pregnancies < 300 {
		t.Fatalf("only %d pregnancies of women screened", pregnancies)
	}
	if inOne > 0 {
		t.Errorf("%d routine cervical screening tests in %d pregnancies of women screened", inOne, pregnancies)
	}
}
