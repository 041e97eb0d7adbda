package generator

import (
	"github.com/code4health/cohortgen/models"
)

// The suspected-cancer clinic before a straight-to-test procedure (brief
// h55e). A change in bowel habit at 60 and over is referred on the
// suspected colorectal cancer pathway (urgentcomplaint.go), and the
// colonoscopy followed 7-28 days after the referral with no attendance in
// between: 677 of 752 such fast-track referrals were followed by the day
// case with no clinic first (generate -n 20000 -s 83). Now the pathway's
// clinic (catalogue urgent_referral clinic_days) sees the person 7-14 days
// after the referral, about the symptom, and books the test (test_days)
// after it, so the test is done within the 28-day Faster Diagnosis
// Standard. The clinic's day draws from a stream of its own, so the
// procedures of other complaints do not move.

// urgentClinicFirst books, for episode id of presentation pi referred on
// day onset, the suspected-cancer clinic and then the procedure, when the
// referral is an urgent one at the person's age with a clinic; it reports
// whether the clinic was booked (false: the procedure is booked straight,
// as before).
func (w *worker) urgentClinicFirst(per *person, pi int, id string, onset models.Date) bool {
	pr := &w.plan.presentations[pi]
	u := pr.Urgent
	if !u.Clinic() {
		return false
	}
	if _, _, ok := urgentReferralCodes(pr, per.ageOn(onset)); !ok || hasCancerBy(per, onset) {
		return false // a routine referral, or a known cancer's team: no suspected-cancer clinic
	}
	s := per.stream(w.plan.Opts.Seed, purposeUrgentClinic, uint64(pi), uint64(onset))
	d := onset + models.Date(between(u.ClinicDays, &s))
	d = w.plannedDayWithin(per, d, onset+models.Date(u.ClinicDays[0]), onset+models.Date(u.ClinicDays[1])) // due on a closed day: within its days (plannedday.go)
	if !planned(per, d) {
		return false
	}
	_, seen, ok := w.outpatient(per, d, id, &s)
	if !ok {
		return false
	}
	w.keepOpenUntil(per, pi, id, seen)
	if w.procedure(per, pi, id, seen, u.TestDays, &s) {
		w.codeTestClear(per, seen)
	}
	return true
}

// codeTestClear codes, at the straight-to-test procedure just written
// (the colonoscopy, the cystoscopy), that it found nothing, when no cancer
// is held within a year of the clinic on day seen (brief h58b: as a
// referral that finds no cancer is closed, ruledout.go); the endoscopist
// gives the finding at the end of the test.
func (w *worker) codeTestClear(per *person, seen models.Date) {
	nc := w.plan.notCancer
	if nc == nil || hasCancerBy(per, seen+365) {
		return
	}
	e := &w.b.Encounters[len(w.b.Encounters)-1]
	w.b.Observations = append(w.b.Observations, w.observation(per, e.EncounterID, e.StartTime.AddMinutes(60), &nc.ruledOut))
}
