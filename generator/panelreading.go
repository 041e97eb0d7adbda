package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// One sample, one lipid state (h72e, issue 9): a GP review found 119 lipid
// profiles with no LDL though the triglycerides were under 4.5 (generate
// -n 20000 -s 83): the total, HDL and triglycerides each took its own
// visit spread, so the total less the HDL and triglycerides/2.2 came out
// below the LDL's minimum (a total of 2.5 beside an HDL of 2.3) and the
// calculation was withheld. A sample measures one state: the total
// cholesterol reading is now the sum of its parts at that sample, the LDL
// part (the person's usual, treated, with the total's visit spread) plus
// the HDL and triglycerides/2.2 read in the same sample (Friedewald,
// catalogue total_cholesterol drug_ratio above_levels), so the calculated
// LDL is the LDL part; a part that the spread takes below the calculated
// LDL's minimum is mirrored above it (no LDL is withheld for want of one).

// panelTotal is the reading at t of drug_ratio slot, whose usual level on
// day is usual and reading before this v: the LDL part's reading (v less
// the usual parts the medicines leave) plus the panel's own readings of
// those parts. A slot with no own above_levels reads v.
func (w *worker) panelTotal(per *person, slot int, t models.Timestamp, day models.Date, v float64, s *distributions.Stream) float64 {
	base := w.plan.ratioBase[slot]
	if len(base) == 0 {
		return v
	}
	part := v - w.ratioLeft(per, slot, day) // lipidpanel.go
	if least := w.leastPart(slot); part < least {
		part = least + (least - part)
	}
	for _, b := range base {
		part += b.share * w.numericValue(per, b.slot, t, s) // own_stream readings (catalogue): s is not drawn
	}
	return part
}

// leastPart is the least LDL part a reading of slot leaves: the
// calculated member's minimum (the panel member withheld above a not_above
// reading) and the rounding of the four readings it is calculated from.
func (w *worker) leastPart(slot int) float64 {
	for _, ps := range w.plan.panelSlots[slot] {
		if m := w.plan.obsModels[ps]; m.Difference != nil && m.Difference.NotAbove != nil {
			return m.Min + 1.5/w.plan.obsScale[ps]
		}
	}
	return 0
}
