package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// untreatedReason records, at the first review in the record of a condition
// its holder is not treated for, why: the coded reason (declined,
// contraindicated, not indicated) drawn by the catalogue's weights from the
// person's own stream, so it does not move any other draw. It is written as
// a medication review (the question) with the reason as its coded value.
//
// A gated first line (scoregate.go) not yet due is not declined: its
// not-due code is recorded instead when the catalogue names one (drug
// treatment not indicated in less severe depression), else nothing (a low
// CHA2DS2-VASc).
func (w *worker) untreatedReason(per *person, ci int, encID string, t models.Timestamp, read func(int) float64) {
	hc := &per.conds[ci]
	if hc.excused {
		return
	}
	if g := gateOf(hc.plan); g != nil && !w.gateDue(per, ci, t.Date(), read) {
		if g.NotDue != nil {
			hc.excused = true
			w.reasonObservation(per, encID, t, g.NotDue)
		}
		return
	}
	u := hc.plan.Untreated
	if u == nil || hc.treated {
		return
	}
	hc.excused = true
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeUntreated, uint64(hc.plan.idx))
	d := t.Date()
	var total float64
	var last *datasets.UntreatedReason // the catalogue check makes sure one is open
	for i := range u.Reasons {
		if r := &u.Reasons[i]; !holdsAny(per, r.Without, d) {
			total += r.Weight
			last = r
		}
	}
	x := s.Float64() * total
	r := last
	for i := range u.Reasons {
		if holdsAny(per, u.Reasons[i].Without, d) {
			continue
		}
		if x -= u.Reasons[i].Weight; x < 0 {
			r = &u.Reasons[i]
			break
		}
	}
	w.reasonObservation(per, encID, t, r)
}

// holdsAny reports whether the person holds, diagnosed by day d, one of the
// conditions keys names.
func holdsAny(per *person, keys []string, d models.Date) bool {
	for _, k := range keys {
		for i := range per.conds {
			if hc := &per.conds[i]; hc.plan.Key == k && hc.onset <= d {
				return true
			}
		}
	}
	return false
}

// reasonObservation writes a medication review whose coded value is the
// reason for no treatment.
func (w *worker) reasonObservation(per *person, encID string, t models.Timestamp, r *datasets.UntreatedReason) {
	o := w.observation(per, encID, t.AddMinutes(1), &w.plan.medReview)
	o.ValueCode, o.ValueDisplay = r.Snomed, r.Description
	w.b.Observations = append(w.b.Observations, o)
}
