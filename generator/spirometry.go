package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Spirometry at a COPD diagnosis (h56c, issue 9): NICE NG115 1.1 diagnoses
// COPD on post-bronchodilator spirometry showing an FEV1/FVC ratio below
// 0.7, and the FEV1 as a share of the predicted grades its severity. The
// ratio is its own observation, lowered as the person's FEV1 falls short of
// the predicted (catalogue observations shortfall); the FVC is the FEV1 over
// the ratio at the same visit (quotient), so the three values agree.

// shortfallMove is the move on observation slot's usual level on day d from
// how far the person's usual level of the shortfall's observation falls
// short of the predicted for their age and sex (0 when it does not).
func (w *worker) shortfallMove(per *person, slot int, d models.Date) float64 {
	sf := w.plan.obsModels[slot].Shortfall
	if sf == nil {
		return 0
	}
	from := w.plan.obsIndex[sf.Observation] // checked by the catalogue
	short := 1 - w.usualLevel(per, from, d)/w.predictedLevel(per, from, d)
	return sf.PerDeficit * max(0, short)
}

// quotientValue is the reading of slot's quotient at t: its Of reading over
// its Over reading at the same visit (numericValue caches both by time).
func (w *worker) quotientValue(per *person, slot int, t models.Timestamp, s *distributions.Stream) float64 {
	q := w.plan.obsModels[slot].Quotient
	of, over := w.numericValue(per, w.plan.obsIndex[q.Of], t, s), w.numericValue(per, w.plan.obsIndex[q.Over], t, s)
	return of / over // the catalogue keeps Over's min above 0
}

// readingStream is the stream a reading's visit-to-visit spread is drawn
// from: s, except for an observation with a shortfall (the FEV1/FVC ratio,
// added by h56c), which draws from its own stream keyed by the person and
// the time, so that recording it at a diagnosis moves no draw of the care
// stream that follows. That stream is made in own, the caller's: returned
// as a new pointer it escaped to the heap, one allocation a reading.
func (w *worker) readingStream(per *person, m *datasets.ObsModel, t models.Timestamp, s, own *distributions.Stream) *distributions.Stream {
	if m.Shortfall == nil {
		return s
	}
	*own = per.stream(w.plan.Opts.Seed, purposeSpirometry, uint64(t))
	return own
}
