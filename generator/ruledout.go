package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The test that rules a suspected cancer out (brief h58b). An urgent
// referral that found no cancer had its first clinic attendance and
// nothing after it: of the referrals with no cancer within 120 days, 1,589
// of 2,377 colorectal, 1,024 of 1,069 upper GI and 329 of 345 lung ones had
// no test or day case in the 8 weeks after (generate -n 20000 -s 83). Now
// the first clinic books the site's investigation, as a cancer's does
// (diagnosingtest.go), and the clinic that gives its result codes that no
// abnormality was found, within the Faster Diagnosis Standard's 28 days;
// a one-stop clinic (breast, skin, thyroid) codes it itself. The days come
// from a stream of the referral's own (purposeRuledOut), so nothing drawn
// before moves, and none of it touches who has cancer.

// Kinds of referral, keying the stream with the referral's day.
const (
	ruledOutReferral = iota // a not_cancer referral (notcancer.go)
	ruledOutAnaemia         // an iron deficiency anaemia's (anaemiareferral.go)
)

// ruleOut books, after first clinic enc (start first) about problem
// reason, the test (and also, a second test beside it, when not nil) and
// the clinic that gives the result (test nil: none, the first clinic rules
// cancer out), codes the outcome at the last of them and returns its day;
// when no test fits, the first clinic's day (the problem closed there, as
// before) and no outcome.
func (w *worker) ruleOut(per *person, reason string, test, also *datasets.Investigation, enc string, first models.Timestamp, kind uint64) models.Date {
	nc := w.plan.notCancer
	at := first
	if test != nil {
		s := per.stream(w.plan.Opts.Seed, purposeRuledOut, kind, uint64(first.Date()))
		gap := models.Date(between(nc.timing.TestDays, &s))
		results := models.Date(between(nc.timing.ResultsDays, &s))
		tenc, tat, ok := w.investigation(per, reason, test, first.Date()+gap, &s)
		if !ok {
			return first.Date()
		}
		enc, at = tenc, tat
		if aenc, aat, ok := w.alsoTest(per, reason, also, tat, kind); ok && aat > at {
			enc, at = aenc, aat
		}
		if d := at.Date() + results; planned(per, d) {
			if renc, rat, ok := w.outpatientAt(per, d, reason, &s); ok {
				enc, at = renc, rat
			}
		}
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, at.AddMinutes(10), &nc.ruledOut))
	return at.Date()
}

// alsoTest books a referral's second test (also_test) from the day of its
// first (at): iron deficiency anaemia's gastroscopy beside the colonoscopy
// (BSG 2021: bidirectional endoscopy; h69f, on main none of 415 such
// referrals had one, generate -n 20000 -s 83). The same day when the list
// allows, else the next free one. Its draws are a stream of their own, so
// the referral's other steps keep theirs.
func (w *worker) alsoTest(per *person, reason string, also *datasets.Investigation, at models.Timestamp, kind uint64) (string, models.Timestamp, bool) {
	if also == nil {
		return "", 0, false
	}
	s := per.stream(w.plan.Opts.Seed, purposeAlsoTest, kind, uint64(at.Date()))
	return w.investigation(per, reason, also, at.Date(), &s)
}

// testFor is the tests of the not_cancer referral for the symptom and
// referral codes given (nil: none, or a one-stop clinic; also: a second
// test beside it): an iron deficiency anaemia found at a practice blood
// count takes the tests of the referral for it (cancer_routes.yaml), one
// definition for both.
func (nc *notCancerPlan) testFor(symptom, referral string) (test, also *datasets.Investigation) {
	for i := range nc.referrals {
		if r := &nc.referrals[i]; r.symptom.Snomed == symptom && r.referral.Snomed == referral {
			return r.test, r.also
		}
	}
	return nil, nil
}
