package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Iron deficiency anaemia found at the practice at 60 or over is referred
// on the suspected colorectal cancer pathway (anaemia.yaml refer: NICE
// NG12 1.3.1; forty-eighth session). Before, only the referrals drawn for
// the symptom itself were made: a count of 104 at a tiredness contact at 75
// was answered with iron and nothing else. The referral is the not_cancer
// referral of the symptom (cancer_routes.yaml): the site's fast-track code
// at the contact that found the count and a clinic within its two weeks,
// about the anaemia problem, which excludes cancer. A person with a cancer
// by a year on is left to the cancer's own route (its referral finds it);
// its clinic draws from a stream of its own.

// referAnaemia refers the anaemia problem coded at encounter encID (time t)
// when the person is of the referral's age and has no cancer coming.
func (w *worker) referAnaemia(per *person, encID string, t models.Timestamp, problem string) {
	r := w.plan.anaemia.Refer
	nc := w.plan.notCancer
	d := t.Date()
	if r == nil || nc == nil || problem == "" || per.ageOn(d) < r.MinAge || hasCancerBy(per, d+365) {
		return
	}
	var ref *notCancerRef
	for k := range nc.referrals {
		if nc.referrals[k].Symptom == r.Symptom {
			ref = &nc.referrals[k]
			break
		}
	}
	if ref == nil || w.codedAt(per, encID, ref.referral.Snomed) {
		return
	}
	// the finding that refers, then the referral, as at a referral drawn
	// for the symptom (notcancer.go)
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), &ref.symptom),
		w.observation(per, encID, t.AddMinutes(3), &ref.referral))
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeAnaemiaReferral, uint64(d))
	c := d + models.Date(between(nc.data.ClinicDays, &s))
	if c > per.lastDay || per.inEndOfLifeCare(c) {
		return
	}
	w.outpatientAt(per, c, problem, &s)
}
