package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A complaint the GP refers on a suspected-cancer pathway (catalogue
// presentation urgent_referral; twenty-seventh review). Every urgent
// suspected-cancer referral in the record ended in a cancer (721 of 721,
// generate -n 20000 -s 5): the complaints whose referral NICE NG12 makes a
// suspected-cancer one (a change in bowel habit at 60 and over) were
// referred routinely, so the record had no referral that found no cancer.
// Now the referring consultation codes the symptom and the fast-track
// referral, and the straight-to-test procedure follows as before; most
// find no cancer.

// urgentReferralCodes are presentation pr's suspected-cancer referral and
// symptom codes for someone aged age; false when its referral is a
// routine one.
func urgentReferralCodes(pr *presPlan, age int) (referral, symptom datasets.ObservationCode, ok bool) {
	u := pr.Urgent
	if u == nil || age < u.MinAge {
		return referral, symptom, false
	}
	referral, ok = datasets.ObservationByKey(u.Observation) // both checked at load (coursecheck.go)
	symptom, sok := datasets.ObservationByKey(u.Symptom)
	return referral, symptom, ok && sok
}

// codeUrgentReferral codes, at GP consultation encID on day d that referred
// an episode of presentation pi, the symptom and the suspected-cancer
// referral when the complaint's referral is one at the person's age.
func (w *worker) codeUrgentReferral(per *person, pi int, encID string, d models.Date) {
	referral, symptom, ok := urgentReferralCodes(&w.plan.presentations[pi], per.ageOn(d))
	if !ok || hasCancerBy(per, d) { // a known cancer's team sees it (notcancer.go)
		return
	}
	if start, ok := w.encounterStart(encID); ok {
		w.b.Observations = append(w.b.Observations,
			w.observation(per, encID, start.AddMinutes(3), &symptom),
			w.observation(per, encID, start.AddMinutes(4), &referral))
	}
}
