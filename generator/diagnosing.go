package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// diagnosingReading makes the reading of a condition's defining measurement
// taken at the visit that diagnoses it (encID at t) cross the diagnostic
// threshold: a reading on the healthy side would not have prompted the
// diagnosis. The usual level is past the threshold by then, but visit noise
// put a quarter of new hypertension diagnoses on a systolic below 140 and a
// fifth of new CKD on an eGFR of 60 or more. A reading on the wrong side is
// reflected to the other, closer in (a quarter of its distance), so the
// readings that were already past it keep their spread.
func (w *worker) diagnosingReading(per *person, hc *heldCondition, encID string, t models.Timestamp) {
	def := hc.plan.DefinedBy
	if def == nil {
		return
	}
	p := w.plan
	slot := p.obsIndex[def.Observation]
	if !per.hasLast[slot] || per.lastAt[slot] != t {
		return // not read at this visit
	}
	v := per.lastVal[slot]
	step := 1 / p.obsScale[slot] // the smallest recorded difference
	switch {
	case def.AtLeast != nil && v < *def.AtLeast:
		v = *def.AtLeast + (*def.AtLeast-v)/4
	case def.Below != nil && v >= *def.Below:
		v = *def.Below - step - (v-*def.Below)/4
	default:
		return
	}
	v = math.Round(v*p.obsScale[slot]) / p.obsScale[slot]
	per.lastVal[slot] = v
	w.rewriteReading(encID, slot, v)
	if ws := p.slots.weight; slot == p.slots.bmi && per.hasLast[ws] && per.lastAt[ws] == t {
		// the weight taken with it is the BMI times the height squared
		h := w.height(per)
		per.lastVal[ws] = math.Round(v*h*h*p.obsScale[ws]) / p.obsScale[ws]
		w.rewriteReading(encID, ws, per.lastVal[ws])
	}
}

// rewriteReading sets the value of the reading of slot at encounter encID,
// among the encounter's observations at the end of the batch.
func (w *worker) rewriteReading(encID string, slot int, v float64) {
	code := w.plan.obsCodes[slot].Snomed
	for k := len(w.b.Observations) - 1; k >= 0 && w.b.Observations[k].EncounterID == encID; k-- {
		if o := &w.b.Observations[k]; o.SnomedCode == code && o.Value != nil {
			*o.Value = v
			return
		}
	}
}
