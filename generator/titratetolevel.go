package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Titration to a level (catalogue titrate_above; fourteenth review). A
// pathway with a target steps treatment up on a second reading in a row
// above it, and then only by chance (clinical inertia): metformin started at
// 500 mg once daily for an HbA1c of 54 stayed there for years, since 54 is
// under NICE NG28's 58 for adding a second drug. NG28 1.6 asks for 48 on a
// single drug not associated with hypoglycaemia, and the BNF raises
// metformin gradually to 2 g a day as needed: the dose rises at each review
// with a reading above the line's level, before a second drug is added.

// titrateToLevel steps the running drug of a line of condition ci that
// titrates to a level up one regimen step when reading (today's value of
// the target's observation) is above the line's level and neither the
// treatment nor its latest issue is newer than titrateDays. The kidneys' ceiling holds (metformin at
// most 1 g a day below an eGFR of 45), and a relaxed target above the
// line's level (relaxed, 0 for none) is the level instead; a line titrated
// to the target (titrate_to_target) reads the care target's level at the
// patient's age (150 from 80 for blood pressure). A line
// titrated by chance (titrate_by_chance) is raised only when the review's
// escalate draw came up (chanced): the same inertia as adding a drug, but
// at one reading above the level rather than two in a row. It reports
// whether it stepped.
func (w *worker) titrateToLevel(per *person, ci int, d models.Date, egfr, reading, relaxed float64, chanced bool, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	if d-hc.lastChange < titrateDays {
		return false
	}
	for k := range per.courses {
		cr := &per.courses[k]
		if !w.settledCourse(per, ci, k, d) {
			continue
		}
		line := &hc.plan.lines[cr.line]
		above := line.TitrateAbove
		if line.TitrateToTarget {
			above, _ = hc.plan.CareTarget.At(per.ageOn(d)) // NICE NG136: 140, and 150 from 80
		}
		if above <= 0 || reading <= max(above, relaxed) || line.TitrateByChance && !chanced {
			continue
		}
		if w.stepUp(per, k, d, egfr) || w.afterMaxDose(per, ci, k, d, egfr, s) {
			hc.lastChange = d
			return true
		}
	}
	return false
}

// afterMaxDose starts the line after course k's (catalogue after_max_dose)
// when course k is at the highest dose the patient may have: its last
// regimen step for the age, or the kidneys' cap. It reports whether the
// line started.
func (w *worker) afterMaxDose(per *person, ci, k int, d models.Date, egfr float64, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	cr := &per.courses[k]
	next := cr.line + 1
	if next >= len(hc.plan.lines) || !hc.plan.lines[next].AfterMaxDose || hc.line >= next {
		return false
	}
	step := cr.reg.Step + 1
	if cr.meds.hasStep(per.ageOn(d), step) && !cr.renalCeiling(ceilingRaiseEGFR(per, cr.meds, d, egfr), step) {
		return false // a higher dose is still to try
	}
	w.startLine(per, ci, next, d, egfr, s)
	if hc.line < next {
		return false // nothing suitable (febuxostat with heart disease): the dose reached goes on
	}
	hc.changes++
	return true
}

// lowerToLevel steps the running drug of a line of condition ci down one
// regimen step when reading (today's value of the target's observation) is
// below the line's titrate_below and neither the treatment nor its latest
// issue is newer than titrateDays (h63d, issue 9: 14 TSH readings below 0.1
// on levothyroxine at generate -n 20000 -s 83, none lowered; NICE NG145 1.5
// adjusts the dose by the TFT results, and over-replacement risks atrial
// fibrillation and bone loss). No draw: a suppressed TSH is acted on. It
// reports whether it stepped; the caller's recheck books the TSH again.
func (w *worker) lowerToLevel(per *person, ci int, d models.Date, reading float64) bool {
	hc := &per.conds[ci]
	if d-hc.lastChange < titrateDays {
		return false
	}
	for k := range per.courses {
		if !w.settledCourse(per, ci, k, d) {
			continue
		}
		cr := &per.courses[k]
		below := hc.plan.lines[cr.line].TitrateBelow
		if below <= 0 || reading >= below {
			continue
		}
		meds, step := cr.meds, cr.reg.Step
		if base := w.plan.medPlans[meds.med.Key]; step == 0 && meds.ladder != "" && base != nil {
			// the bottom of a ladder of its own (levothyroxine's full
			// replacement, 100 micrograms): the usual ladder's step below
			// the same product (75 micrograms), on the usual ladder after
			meds, step = base, sameDoseStep(meds, base, step)
		}
		reg := meds.regimen(per.ageOn(d), step-1)
		if step == 0 || reg == nil || reg.Step >= step {
			continue
		}
		nk := w.changeStep(per, k, reg, d)
		per.courses[nk].meds = meds
		hc.lastChange = d
		return true
	}
	return false
}

// settledCourse reports whether course k is a running line of condition ci
// whose latest issue is at least titrateDays old on day d: a dose to move
// by a reading. A course stopped when its dose changed is no dose to move
// (h66a: read as the running one, allopurinol 300 mg lowered to 200 for an
// eGFR of 26 met an eGFR of 33 whose ceiling its next step, 400 mg, passes,
// and febuxostat replaced the 200 mg course that could still go to 300;
// cd7b15ca, seed 11); one issued days ago (at another review) moves at a
// later review.
func (w *worker) settledCourse(per *person, ci, k int, d models.Date) bool {
	cr := &per.courses[k]
	return cr.cond == ci && cr.line >= 0 && cr.running(d) && (cr.lastRx < 0 || d-w.b.Prescriptions[cr.lastRx].StartDate >= titrateDays)
}
