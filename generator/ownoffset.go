package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
)

// Lipids that go together (h72e, issue 9): a GP review found an HDL of 2.0
// or more beside triglycerides of 2.0 or more in 429 of 43,887 lipid
// profiles (generate -n 20000 -s 83), the two drawn apart, though HDL
// cholesterol falls as the triglycerides rise (the Lipid Research Clinics
// prevalence study, Circulation 1980). The person's own triglyceride
// offset now tracks their HDL offset (catalogue triglycerides tracks).

// trackedOffset is an own offset of m drawn as own (spread m.SD) made to
// correlate with the person's offset of m.Tracks' observation: the other's
// offset in m's spread times the correlation, plus own's share of the rest,
// so the spread stays m.SD.
func (g *worker) trackedOffset(per *person, m *datasets.ObsModel, own float64) float64 {
	tr := m.Tracks
	o := g.plan.obsIndex[tr.Observation] // checked by the catalogue
	other := g.ownOffset(per, o) / g.plan.obsModels[o].SD
	return tr.Correlation*other*m.SD + math.Sqrt(1-tr.Correlation*tr.Correlation)*own
}
