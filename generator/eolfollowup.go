package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// reviewBooked books the routine review of a condition (kind
// encChronicReview, seen by ct) on or after day d and writes it. A first
// contact after a diagnosis made in hospital (diag) that the booking moved
// past the stay into end-of-life care is not a routine review but a GP
// contact about the problem: review() makes it one when the day asked for
// is already in the care, and the day after a stay that covers the start of
// the care is too. A stroke admitted over the planned start was followed up
// with a routine review the day after the register entry, coded at the
// first home visit after discharge (seeds 67 and 79, -n 30000; hard rule
// review-after-end-of-life-care). It returns the kind written.
func (w *worker) reviewBooked(per *person, d models.Date, ct contact, reason string, diag bool, s *distributions.Stream) (string, models.Timestamp, encKind, bool) {
	sl, ok := w.bookGP(per, d, encChronicReview, ct, s)
	if !ok {
		return "", 0, encChronicReview, false
	}
	if diag && per.inEndOfLifeCare(sl.start.Date()+eolReviewMargin) {
		sl.kind, sl.ct = encGPProblem, contactOf(encGPProblem)
	}
	w.writeGP(per, &sl, reason)
	return sl.id, sl.start, sl.kind, true
}
