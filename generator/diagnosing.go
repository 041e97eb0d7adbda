package generator

import "math"

// diagnosingReading makes the reading of a condition's defining measurement
// taken at the visit that diagnoses it cross the diagnostic threshold: a
// reading on the healthy side would not have prompted the diagnosis. The
// usual level is past the threshold by then, but visit noise put a quarter of
// new hypertension diagnoses on a systolic below 140 and a fifth of new CKD on
// an eGFR of 60 or more. A reading on the wrong side is reflected to the
// other, closer in (a quarter of its distance), so the readings that were
// already past it keep their spread.
//
// A band closed from above (defined_by under) holds the reading below its
// upper end the same way.
//
// A condition not defined by a measurement may name the side of a
// threshold its diagnosing reading falls on (catalogue diagnosed_at): a
// depression diagnosed at a PHQ-9 of 3 reads as no depression at all.
//
// numericValue applies it to v, the rounded reading of slot, while
// w.diagnosing names the definition of the condition being diagnosed (set
// around a diagnosing visit's readings in care.go). A weight taken with a
// BMI is derived from the crossed BMI, so the two agree.
func (w *worker) diagnosingReading(slot int, v float64) float64 {
	def := w.diagnosing
	if def == nil || w.plan.obsIndex[def.Observation] != slot {
		return v
	}
	scale := w.plan.obsScale[slot]
	switch {
	case def.AtLeast != nil && v < *def.AtLeast:
		v = *def.AtLeast + (*def.AtLeast-v)/4
	case def.Under != nil && v >= *def.Under:
		// past the band's upper end (an HbA1c of 48 or more is not coded
		// non-diabetic hyperglycaemia, h71f): back inside it, as below
		v = backUnder(*def.Under, v, scale)
	case def.Below != nil && v >= *def.Below:
		v = backUnder(*def.Below, v, scale)
	default:
		return v
	}
	return math.Round(v*scale) / scale
}

// backUnder moves a reading v at or past a diagnosing ceiling back under it,
// by a quarter of its distance past (1/scale: the smallest recorded
// difference).
func backUnder(ceiling, v, scale float64) float64 {
	return ceiling - 1/scale - (v-ceiling)/4
}
