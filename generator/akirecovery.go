package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Kidney function rechecked until it recovers after an acute kidney
// injury (kidney.yaml aki_recovery; brief h65e). The medicines an AKI
// pauses (episodehold.go) restarted at the GP's first check after
// discharge whatever its eGFR showed, a GP reading restarts beside an eGFR
// still far below the person's own. Now a check whose eGFR is below share
// of the baseline (the last result in baseline_days before the episode,
// else the person's usual level then) is repeated 1-2 weeks later, up to
// checks more times, and the held medicines restart at the first check
// that shows recovery, or at the last (the GP restarts on the new level).
// The repeats draw from a stream of their own, so no other draw moves.

// akiRecoveryPlan is aki_recovery resolved: slot -1 when not modelled.
type akiRecoveryPlan struct {
	*datasets.AKIRecovery
	slot int
}

// akiResume is the day of the check an episode's held medicines restart
// at: the episode's condition row and that day.
type akiResume struct {
	cond string
	day  models.Date
}

// recheckUntilRecovered follows the check of episode c (a presentation
// whose episodes hold medicines) taken at start, its observations written
// from index o0 on: while its eGFR is below the recovery share of the
// baseline, another check about the episode is booked recheck days later
// with the presentation's bloods. It returns the last check's start and
// the index its observations begin at, and notes that check as the one
// the held medicines restart at.
func (w *worker) recheckUntilRecovered(per *person, c *models.Condition, bloods []int, start models.Timestamp, o0 int) (models.Timestamp, int) {
	ar := &w.plan.akiRecovery
	if ar.slot < 0 || !slices.Contains(w.plan.holdingEpisodes, c.ConditionKey) {
		return start, o0
	}
	id, onset := c.ConditionID, c.OnsetDate // (c may move as rows are written)
	base := w.baselineBefore(per, onset, models.Date(ar.BaselineDays))
	if base == noEGFR {
		base = w.usualLevel(per, ar.slot, onset) // none: the level the person's results scatter about
	}
	s := per.stream(w.plan.Opts.Seed, purposeAKIRecovery, uint64(onset))
	for n := 0; n < ar.Checks; n++ {
		v, ok := w.readSince(ar.slot, o0)
		if !ok || v >= ar.Share*base {
			break // recovered (or no result to read)
		}
		day := start.Date() + models.Date(between(ar.RecheckDays, &s))
		if day > per.lastDay || per.inEndOfLifeCare(day) {
			break
		}
		encID, at, ok := w.gpVisit(per, day, encGPProblem, id, &s)
		if !ok {
			break
		}
		o0, start = len(w.b.Observations), at
		for _, slot := range bloods {
			w.observe(per, encID, at, slot, &s)
		}
	}
	per.akiResumes = append(per.akiResumes, akiResume{cond: id, day: start.Date()})
	return start, o0
}

// readSince is the first value of observation slot written from index o0
// on (ok false: none).
func (w *worker) readSince(slot, o0 int) (float64, bool) {
	code := w.plan.obsCodes[slot].Snomed
	for _, o := range w.b.Observations[o0:] {
		if o.SnomedCode == code && o.Value != nil {
			return *o.Value, true
		}
	}
	return 0, false
}

// resumeFrom is the first day the check that restarts episode cond's held
// medicines can fall on: the check recheckUntilRecovered chose, else the
// day after the episode began.
func (per *person) resumeFrom(cond string, onset models.Date) models.Date {
	for _, r := range per.akiResumes {
		if r.cond == cond {
			return r.day
		}
	}
	return onset + 1
}

// baselineBefore is the latest eGFR result before day d and no more than
// within days old that no acute episode lowered (the injury's own result,
// written at the contact that sent the patient in, can come the day
// before the episode's row begins: resultfall.go); noEGFR when none.
func (w *worker) baselineBefore(per *person, d, within models.Date) float64 {
	at, v := models.NoDate, noEGFR
	for _, r := range per.egfrSeen {
		if r.day >= d || d-r.day > within || at != models.NoDate && r.day < at || w.lowered(per, r) {
			continue
		}
		at, v = r.day, r.value
	}
	return v
}

// lowered reports whether eGFR result r is one an acute episode drew.
func (w *worker) lowered(per *person, r egfrReading) bool {
	for _, f := range per.falls {
		if f.fall.slot == w.plan.slots.egfr && f.day == r.day && f.value == r.value {
			return true
		}
	}
	return false
}
