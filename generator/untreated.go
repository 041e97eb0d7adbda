package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// untreatedReason records, at the first review in the record of a condition
// its holder is not treated for, why: the coded reason (declined,
// contraindicated, not indicated) drawn by the catalogue's weights from the
// person's own stream, so it does not move any other draw. It is written as
// a medication review (the question) with the reason as its coded value.
func (w *worker) untreatedReason(per *person, ci int, encID string, t models.Timestamp) {
	hc := &per.conds[ci]
	u := hc.plan.Untreated
	if u == nil || hc.treated || hc.excused {
		return
	}
	if gated(hc.plan) && !w.scoreDue(per, ci, 0, t.Date()) {
		return // not yet called for (a low CHA2DS2-VASc): nothing to decline
	}
	hc.excused = true
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeUntreated, uint64(hc.plan.idx))
	var total float64
	for _, r := range u.Reasons {
		total += r.Weight
	}
	x := s.Float64() * total
	r := &u.Reasons[len(u.Reasons)-1]
	for i := range u.Reasons {
		if x -= u.Reasons[i].Weight; x < 0 {
			r = &u.Reasons[i]
			break
		}
	}
	o := w.observation(per, encID, t.AddMinutes(1), &w.plan.medReview)
	o.ValueCode, o.ValueDisplay = r.Snomed, r.Description
	w.b.Observations = append(w.b.Observations, o)
}
