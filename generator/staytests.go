package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Tests done during an admission (catalogue stay_tests; forty-sixth
// review): a heart attack's stay records a transthoracic echocardiogram
// and the left ventricular ejection fraction it measures (NICE CG172 /
// NG185: assess left ventricular function in everyone who has had an MI).
// Before, 2 of 271 heart attack admissions had one (generate -n 20000
// -s 5), both a heart failure clinic's.

// stayTests records each stay's tests at a time drawn in the catalogue's
// hours after it starts, held an hour inside a shorter stay (halfway
// through one under two hours).
func (w *worker) stayTests(per *person) {
	hours := w.plan.stayHours
	w.episodeTests(per, w.plan.stayTestsBy, purposeStayTests, settingInpatient, func(enc *models.Encounter, _ *models.Condition, s *distributions.Stream) (models.Timestamp, bool) {
		t := enc.StartTime.AddMinutes(int(60 * (hours[0] + (hours[1]-hours[0])*s.Float64())))
		if last := enc.EndTime.AddMinutes(-60); t > last {
			t = max(last, enc.StartTime+(enc.EndTime-enc.StartTime)/2)
		}
		return t, true
	})
}
