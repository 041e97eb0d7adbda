package generator

import (
	"github.com/code4health/cohortgen/models"
)

// The statin in chronic kidney disease (twenty-sixth review). NICE CG181
// 1.3.27 and quality standard QS5 statement 3 offer atorvastatin 20 mg to
// adults with CKD for the primary prevention of cardiovascular disease, with
// no risk score (QRISK underestimates the risk with a low eGFR). Before, CKD
// gave the statin at its diagnosis by a chance, and never offered it again:
// a woman with CKD 3B from before the record had no statin, and nothing to
// say why, until her diabetes years later. Now each CKD review (the
// diagnosis included) without a statin running offers it by the catalogue's
// cvd_risk statin (offered_in): taken by its share (offered_accept, the
// share CKD's diagnosis gave before), else declined and coded, and offered
// again at a review reoffer_days later, as a hypertension review offers it
// at a QRISK3 of 10% or more. Type 2 diabetes's reviews offer it the same
// way from 40 (h52c): its diagnosis gave it by a chance of 0.75, and the
// rest were never offered it again, with nothing coded to say why.

// offerAtReview offers the statin at a review of condition ci (one of the
// statin's offered_in) on day d, to someone with no statin running and
// none of the conditions whose own pathways give one (offered_not_with).
func (w *worker) offerAtReview(per *person, ci int, encID string, t models.Timestamp, d models.Date, egfr float64) {
	cp := w.plan.cvd
	if w.statinRunning(per, d) >= 0 {
		return
	}
	for _, k := range cp.offeredNotWith {
		if heldOn(per, k, d) {
			return
		}
	}
	// the condition's own co-prescription of the statin sets the age it is
	// offered from (type 2 diabetes: 40, h52c); one definition of that age
	for _, a := range per.conds[ci].plan.also {
		if a.meds == cp.statin && a.MinAge > 0 && per.ageOn(d) < a.MinAge {
			return
		}
	}
	// a stream of its own (the tail 3): a hypertension review's offer on
	// the same day draws from its own
	s := per.stream(w.plan.Opts.Seed, purposeCVDRisk, uint64(d), 3)
	w.offerStatin(per, ci, encID, t, d, egfr, cp.Statin.AcceptIn(per.conds[ci].plan.Key), &s)
}
