package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A coded finding that calls for a referral (catalogue coded_observations
// refer) codes it beside the finding's first recording for the person: an
// abnormal diabetic foot examination is referred to the podiatrist (NICE
// NG19: moderate or high risk to the foot protection service, which then
// reviews the feet). Before (h64d), a GP found 235 abnormal foot checks in
// 38 people and no referral (generate -n 3000 -s 31). Once a person: the
// finding is fixed per person (observe's baseline slot), and the service
// keeps them under its review.

// codedReferrals resolves each value's referral code (nil for none); the
// catalogue's check has made sure each named one exists.
func codedReferrals(vals []datasets.CodedValue) []*datasets.ObservationCode {
	out := make([]*datasets.ObservationCode, len(vals))
	for i, v := range vals {
		if v.Refer == "" {
			continue
		}
		if c, ok := datasets.ObservationByKey(v.Refer); ok {
			out[i] = &c
		}
	}
	return out
}

// referCoded codes, at encounter encID a minute after t, the referral value
// v of coded slot calls for, the first time the person has it recorded.
func (w *worker) referCoded(per *person, encID string, t models.Timestamp, slot, v int) {
	c := w.plan.coded[slot].refer
	if c == nil || c[v] == nil || slices.Contains(per.referred, slot) {
		return
	}
	per.referred = append(per.referred, slot)
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(1), c[v]))
}
