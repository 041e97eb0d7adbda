package generator

import "github.com/code4health/cohortgen/models"

// A urine culture that grows nothing stops the antibiotic (brief h73f,
// uticulture.yaml no_growth). NICE NG109 and the UKHSA UTI diagnostic
// quick reference: review the antibiotic when the culture result is
// available; no significant growth does not support a bacterial UTI, so a
// course given while waiting is stopped once symptoms have settled. Before,
// 460 courses for a UTI whose urine grew nothing ran past the report to
// their last day, nothing recorded about the result (generate -n 20000
// -s 83). Symptoms have settled when nothing more about the episode came
// after the visit that sent the urine (no contact, no other course): the
// practice then telephones the result on the report's day (or the next free
// one, while the course runs), codes the result given and the drug stopped,
// and the course ends that day. An episode seen again at the practice on
// or after the report's day, while the course runs, has the result read
// and the drug stopped at that contact (brief h74c: before, 169 men's
// 7-day courses for a UTI seen again, whose urine grew nothing, ran to
// their end, generate -n 20000 -s 83); one the hospital saw is left to
// it. In a known pregnancy the 7-day course NICE NG109 gives is completed
// (model: bacteriuria in pregnancy is treated whatever the symptoms). The
// call's day draws from a stream of its own.

// stopOnNoGrowth stops the course issued for episode condID at encounter
// encID (the urine sent on day) at a result call on report, when it runs
// past it and the episode has settled.
func (w *worker) stopOnNoGrowth(per *person, cp *cultureResultPlan, condID, encID string, day, report models.Date) {
	var course []int
	last := models.NoDate
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		if rx.ConditionID != condID || rx.PrescriptionID.IsZero() {
			continue
		}
		if rx.StartDate > day {
			return // treated again: not settled
		}
		if rx.EncounterID == encID && rx.Type == models.PrescriptionAcute && rx.EndDate != models.NoDate && rx.EndDate > report {
			course = append(course, j)
			last = max(last, rx.EndDate)
		}
	}
	if len(course) == 0 || report > per.lastDay || per.inEndOfLifeCare(report) || per.pregnancyDay(day) >= 0 {
		return // in a known pregnancy the 7-day course is completed (NICE NG109)
	}
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		x := &w.b.Encounters[e]
		if x.ReasonConditionID != condID || x.StartTime.Date() <= day {
			continue
		}
		if x.Setting != settingGP {
			return // the hospital saw it: its decision
		}
		if d := x.StartTime.Date(); d >= report && d < last {
			w.stopAtContact(per, cp, x, course) // seen again once the result is back: that contact reads it (brief h74c)
			return
		}
	}
	s := per.stream(w.plan.Opts.Seed, purposeNoGrowthStop, uint64(day))
	sl, ok := w.bookGP(per, report, encGPTelephone, contactOf(encGPTelephone), &s)
	if !ok {
		return
	}
	at := sl.start.Date()
	if at >= last { // no free day before the course's last: it has run its course
		per.gpDays.remove(at)
		return
	}
	w.writeGP(per, &sl, condID)
	id := w.slotID(&sl)
	w.b.Observations = append(w.b.Observations, w.observation(per, id, sl.start.AddMinutes(1), &cp.informed),
		w.observation(per, id, sl.start.AddMinutes(2), &w.plan.drugStopped))
	for _, j := range course {
		w.b.Prescriptions[j].EndDate = at
	}
}

// stopAtContact codes the no-growth result given and the drug stopped at
// the GP contact x about the episode, and ends the course (rows of the
// prescriptions) on its day.
func (w *worker) stopAtContact(per *person, cp *cultureResultPlan, x *models.Encounter, course []int) {
	id, at := x.EncounterID, x.StartTime
	w.b.Observations = append(w.b.Observations, w.observation(per, id, at.AddMinutes(1), &cp.informed),
		w.observation(per, id, at.AddMinutes(2), &w.plan.drugStopped))
	for _, j := range course {
		w.b.Prescriptions[j].EndDate = at.Date()
	}
}
