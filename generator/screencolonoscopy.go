package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// screenProcedure books the test a screening clinic on day seen arranges for
// problem id (screening.yaml follow_up procedure: the colonoscopy after an
// abnormal bowel screening kit), with the procedure's share, as a day case
// typed by its code on a working day with no other contact or stay. Before
// (twenty-seventh review) the clinic resolved the problem and 12 of 244
// abnormal kits had any day case within 90 days (generate -n 20000 -s 5).
// It returns the day of the test, or NoDate when none is booked.
func (w *worker) screenProcedure(per *person, pc *datasets.ScreenProcedure, id string, seen models.Date) models.Date {
	s := per.stream(w.plan.Opts.Seed, purposeScreenProcedure, uint64(seen))
	if !s.Bernoulli(pc.Share) {
		return models.NoDate
	}
	d := seen + models.Date(between(pc.Days, &s))
	for tries := 0; tries < 14; tries, d = tries+1, d+1 {
		day, _ := clinicStart(postponed(per, d), &s) // (the start: dayCaseTimes)
		if !planned(per, day) || per.inEndOfLifeCare(day) {
			return models.NoDate
		}
		_ = s.IntN(6) // the draw that timed it before, so the stream stays as it was
		start, end := w.dayCaseTimes(per, day, dayCaseInvestigation)
		if w.contactOn(per, day) || !addStay(per, start, end) {
			d = day
			continue
		}
		w.addEncounter(per, encDayCase, settingInpatient, start, end, id, "11")
		e := &w.b.Encounters[len(w.b.Encounters)-1]
		e.TypeCode, e.TypeDisplay = pc.Snomed, pc.Display
		return day
	}
	return models.NoDate
}
