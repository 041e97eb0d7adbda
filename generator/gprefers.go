package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// gpReferral is an episode the GP referred to a clinic at its first
// consultation.
type gpReferral struct {
	pi     int
	id     string
	onset  models.Date
	booked bool // its clinic attendance is booked (referredClinics)
	urgent bool // a red flag's direct-access endoscopy (ng12upper.go)
}

// gpRefers reports whether the GP refers an episode of complaint pi that
// begins on day onset: with the complaint's refer_share (catalogue), or its
// refer_at_risk share for a person at risk (referatrisk.go), decided once
// for the episode (a stream keyed by the complaint and its onset; the same
// draw at either share, so no one else's referral moves).
func (w *worker) gpRefers(per *person, pi int, onset models.Date) bool {
	s := per.stream(w.plan.Opts.Seed, purposeReferral, uint64(pi), uint64(onset))
	pr := &w.plan.presentations[pi]
	share := pr.ReferShareIn(w.plan.Cat.BandOf(per.ageOn(onset)))
	if atRiskOf(per, pr.ReferAtRisk, onset) {
		share = max(share, pr.ReferAtRisk.Share)
	}
	return s.Bernoulli(share)
}

// referredClinics books the clinic attendances of the episodes the GP
// referred (catalogue refer_share): the first some weeks after the
// referring consultation (outpatient_referral gp_days_before), then its
// follow-ups, the problem kept open until the clinic has seen it. A
// complaint the clinic saw within rereferral_after_days is not referred
// again. The clinic's own volume never opens these complaints, so the
// share of episodes seen in clinic is the GP's referral share.
func (w *worker) referredClinics(per *person) {
	ref := &w.plan.Cat.Activity.OutpatientReferral
	lo, hi := ref.GPDaysBefore[0], ref.GPDaysBefore[1]
	if len(per.gpReferrals) == 0 {
		return
	}
	// in onset order: the GP contacts were written a year at a time, on days drawn in any order
	slices.SortStableFunc(per.gpReferrals, func(a, b gpReferral) int { return int(a.onset - b.onset) })
	for i, r := range per.gpReferrals {
		if r.urgent { // a red flag is answered whatever the clinic saw lately
			s := per.stream(w.plan.Opts.Seed, purposeReferral, uint64(r.pi), uint64(r.onset), 1)
			per.gpReferrals[i].booked = w.redFlagEndoscopy(per, r, &s)
			continue
		}
		if referredSince(per.gpReferrals[:i], r, models.Date(ref.RereferralAfterDays)) {
			continue
		}
		if len(w.plan.presentations[r.pi].ReferWhen) > 0 && !w.meetsReferCriteria(per, r.pi, r.onset+1, 0) {
			continue // not yet enough episodes (tonsillitis: SIGN 117), every one now written
		}
		s := per.stream(w.plan.Opts.Seed, purposeReferral, uint64(r.pi), uint64(r.onset), 1)
		if pc := w.plan.presentations[r.pi].Procedure; pc != nil && pc.StraightToTest {
			if w.urgentClinicFirst(per, r.pi, r.id, r.onset) { // urgentclinic.go: seen, then tested
				per.gpReferrals[i].booked = true
				continue
			}
			per.gpReferrals[i].booked = w.procedure(per, r.pi, r.id, r.onset, pc.Days, &s)
			continue
		}
		d := r.onset + models.Date(lo+s.IntN(hi-lo+1))
		if d > per.lastDay || per.inEndOfLifeCare(d+eolReviewMargin) {
			continue
		}
		d = w.plannedDayWithin(per, d, r.onset+models.Date(lo), r.onset+models.Date(hi)) // due on a closed day: within its days (plannedday.go)
		_, booked, ok := w.outpatient(per, d, r.id, &s)
		if !ok {
			continue
		}
		per.gpReferrals[i].booked = true
		end, _ := w.clinicFollowUps(per, r.pi, r.id, booked, &s)
		w.keepOpenUntil(per, r.pi, r.id, end)
		w.listedAfterClinic(per, r.pi, r.id, r.onset, booked)
	}
}

// referredSince reports whether an earlier referral of r's complaint was
// booked within within days before r's onset: a complaint the clinic saw
// lately is not referred again (outpatient_referral rereferral_after_days).
func referredSince(earlier []gpReferral, r gpReferral, within models.Date) bool {
	for _, e := range earlier {
		if e.booked && e.pi == r.pi && r.onset-e.onset < within {
			return true
		}
	}
	return false
}
