package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A new eGFR below 30 repeated within two weeks (kidney.yaml new_low_egfr;
// brief h65e). A first result below 30, after one of 30 or more (or none),
// waited for the next review months on: a sudden fall may be an acute
// kidney injury, so it is repeated 7-14 days later at a blood test of its
// own (NICE NG203 / UK Kidney Association), read from the person's own
// level. The repeat is not repeated again: a second result below 30 is no
// longer new, and the reviews that read both stage and refer the CKD
// (renalreferral.go). A result at an AKI's own contact is written apart
// (resultfall.go) and its check after discharge is booked by the episode
// (episodebloods.go). The repeat's day and reading come from a stream of
// their own, so no other draw moves.

// newLowEGFRPlan is new_low_egfr resolved: slot -1 when not modelled.
type newLowEGFRPlan struct {
	*datasets.NewLowEGFR
	slot int
}

// resolveKidney resolves kidney.yaml's observation slots.
func (p *Plan) resolveKidney() error {
	p.newLowEGFR, p.akiRecovery = newLowEGFRPlan{slot: -1}, akiRecoveryPlan{slot: -1}
	k, err := datasets.LoadKidney()
	if err != nil {
		return err
	}
	for _, o := range []string{k.NewLowEGFR.Observation, k.AKIRecovery.Observation} {
		if slot, ok := p.obsIndex[o]; ok && slot != p.slots.egfr {
			return fmt.Errorf("kidney.yaml: %q: the rules read the eGFR results a prescriber sees (egfrSeen), so their observation is the eGFR", o)
		}
	}
	if slot, ok := p.obsIndex[k.NewLowEGFR.Observation]; ok && p.obsModels[slot] != nil {
		p.newLowEGFR = newLowEGFRPlan{NewLowEGFR: &k.NewLowEGFR, slot: slot}
	}
	if slot, ok := p.obsIndex[k.AKIRecovery.Observation]; ok && p.obsModels[slot] != nil {
		p.akiRecovery = akiRecoveryPlan{AKIRecovery: &k.AKIRecovery, slot: slot}
	}
	return nil
}

// newLowEGFRLookback: the previous result read is the latest in this many
// days (model: one older than 10 years says nothing of the level before).
const newLowEGFRLookback = 3650

// repeatNewLowEGFR books the repeat of an eGFR v recorded at encounter
// encID at t when it is below the rule's level and the one before was not.
// It runs after observe has put v among the results seen (egfrSeen), so
// the previous is the latest on an earlier day.
func (w *worker) repeatNewLowEGFR(per *person, encID string, t models.Timestamp, v float64) {
	nl := &w.plan.newLowEGFR
	d := t.Date()
	if nl.slot < 0 || v >= nl.Below || w.egfrRepeating || d < per.firstDay || per.inEndOfLifeCare(d) {
		return
	}
	if egfrBefore(per, d, newLowEGFRLookback) < nl.Below {
		return // not new: the fall was read before
	}
	s := per.stream(w.plan.Opts.Seed, purposeNewLowEGFR, uint64(d))
	day := d + models.Date(between(nl.RepeatDays, &s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	// about the long-term condition the result was read for, when it is one
	reason := ""
	if r := w.reasonOf(per, encID); heldRow(per, r) >= 0 {
		reason = r
	}
	id, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactMonitoringBloods, reason, &s)
	if !ok {
		return
	}
	// the repeat is written now, days ahead of the review reading v: the
	// review still reads its own result as the last (restageOthers and
	// referOthers act on it), as for confirm.go's test ahead
	lv, la, lh := per.lastVal[nl.slot], per.lastAt[nl.slot], per.hasLast[nl.slot]
	w.egfrRepeating = true
	if !w.takenAt(per, id, nl.slot) { // a blood test booked that day took one already
		w.observe(per, id, start.AddMinutes(5), nl.slot, &s)
	}
	w.egfrRepeating = false
	per.lastVal[nl.slot], per.lastAt[nl.slot], per.hasLast[nl.slot] = lv, la, lh
}
