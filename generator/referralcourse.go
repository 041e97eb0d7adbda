package generator

import "github.com/code4health/cohortgen/models"

// referralCourse writes the course an at-diagnosis referral's service gives
// after its first attendance (on day first) and the practice's follow-up
// once it ends (catalogue referral course): children and young people's
// mental health services give psychological therapy over weeks, and the GP
// reviews the depression after (NICE NG134). Before (brief h75d), the
// service was a single attendance and 21 of 116 depressions diagnosed under
// 18 had no contact about them 2-12 months after (generate -n 20000 -s 83).
// Its draws are its own stream's, so no other draw moves.
func (w *worker) referralCourse(per *person, hc *heldCondition, r *referralPlan, first models.Date) {
	c := r.Course
	s := per.stream(w.plan.Opts.Seed, purposeReferralCourse, uint64(hc.plan.idx), uint64(first))
	last := first
	for n := between(c.Sessions, &s); n > 0; n-- {
		d := last + models.Date(between(c.EveryDays, &s))
		if per.inEndOfLifeCare(d) || per.death != models.NoDate && d >= per.death {
			break
		}
		if r.MaxAge > 0 && per.ageOn(d) > r.MaxAge { // a service for the young: the course ends at 18
			break
		}
		_, start, ok := w.outpatientAt(per, d, hc.id, &s)
		if !ok { // no clinic left in the record
			break
		}
		last = start.Date()
	}
	d := last + models.Date(between(c.ReviewDays, &s))
	if d > per.lastDay || per.death != models.NoDate && d >= per.death || per.inEndOfLifeCare(d) {
		return
	}
	if enc, t, ok := w.gpVisitFor(per, d, encChronicReview, contactChronicReview, hc.id, &s); ok {
		w.observe(per, enc, t.AddMinutes(5), r.reviewBy, &s) // how the depression is now
	}
}
