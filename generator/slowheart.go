package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A rate-slowing medicine (a beta-blocker) and a slow heart
// (prescribing.yaml slow_heart; ninth review): it is not started while the
// latest heart rate recorded is below the rule's limit (BNF: contraindicated
// in marked bradycardia); a review that finds a reading below the limit on
// it halves the dose (the rule's lower_step) or, on the halved dose already,
// stops it and codes why; once stopped so it is never started again. A dose
// is not raised while the latest reading is below the rule's raise limit
// (60 for a beta-blocker: fifteenth review). On a titration
// ladder of its own (bisoprolol for heart failure, tenth review) the halved
// dose (2.5 mg, the ladder's step 1 as the usual ladder's) is a step down
// only, and the dose stays there; from 2.5 mg it goes to 1.25 mg, the
// ladder's lowest, and only from there it stops (the rule's ladder_down,
// h67c: in heart failure a beta-blocker is reduced, not stopped abruptly).

// slowHeartPlan is a slow-heart rule with its observation slot; idx is its
// place in Plan.slowHeart and in the person's slowSeen/slowDone/slowStopped.
type slowHeartPlan struct {
	*datasets.SlowHeartRule
	slot, idx int
}

func (p *Plan) resolveSlowHeart(rules *datasets.Prescribing) error {
	for i := range rules.SlowHeart {
		r := &rules.SlowHeart[i]
		slot, ok := p.obsIndex[r.Observation]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("prescribing.yaml: slow_heart: %q is not a numeric observation of the catalogue", r.Observation)
		}
		sp := &slowHeartPlan{SlowHeartRule: r, slot: slot, idx: len(p.slowHeart)}
		p.slowHeart = append(p.slowHeart, sp)
		for key, mp := range p.medPlans {
			if r.AppliesTo(key) {
				mp.slowHeart = sp
			}
		}
	}
	if ae := rules.SlowHeartAtAE; ae != nil {
		for _, k := range ae.Problems {
			if !slices.ContainsFunc(p.Cat.Presentations, func(pr datasets.Presentation) bool { return pr.Key == k }) {
				return fmt.Errorf("prescribing.yaml: slow_heart_at_ae: %q is not a presentation", k)
			}
		}
		p.slowHeartAE = ae.Problems
		code, _ := datasets.ObservationByKey(ae.Refer) // checked by the datasets
		p.slowHeartRefer = &code
		if c := ae.Clinic; c != nil {
			p.slowHeartClinic = &referralClinicPlan{ReferralClinic: c}
			for _, k := range c.Tests {
				code, _ := datasets.ObservationByKey(k) // checked by the datasets
				slot, ok := p.obsIndex[k]
				if !ok || p.obsModels[slot] == nil {
					slot = -1
				}
				p.slowHeartClinic.tests = append(p.slowHeartClinic.tests, workUpTest{slot: slot, code: code})
			}
		}
	}
	return nil
}

// slowHeartState is what a prescriber knows of one rule's reading.
type slowHeartState struct {
	seen    float64 // the latest recorded reading (NaN: none yet)
	done    bool    // a review has acted on it
	stopped bool    // the medicine was stopped for it: never started again
}

// seeSlowHeart notes a recorded reading of slot.
func (w *worker) seeSlowHeart(per *person, slot int, v float64) {
	for _, sp := range w.plan.slowHeart {
		if sp.slot == slot {
			st := w.slowState(per, sp)
			st.seen, st.done = v, false
		}
	}
}

// slowState is the person's state for rule sp.
func (w *worker) slowState(per *person, sp *slowHeartPlan) *slowHeartState {
	for len(per.slowHeart) <= sp.idx {
		per.slowHeart = append(per.slowHeart, slowHeartState{seen: math.NaN()})
	}
	return &per.slowHeart[sp.idx]
}

// slowHeartBarsRaise reports whether a slow heart keeps the medicine's
// dose from being raised now: below the rule's raise limit.
func (w *worker) slowHeartBarsRaise(per *person, m *medPlan, d models.Date) bool {
	sp := m.slowHeart
	if sp == nil {
		return false
	}
	// by the record's dates, not the order it was written in (h59b): the
	// latest reading written (st.seen) may be dated years after day d, a
	// pathway written before the pregnancy whose labetalol is raised (h66b)
	if w.slowByDate(per, sp, d, max(sp.Below, sp.RaiseBelow)) {
		return true
	}
	return sp.RaiseClearDays > 0 && w.lowestReading(per, sp.slot, d-models.Date(sp.RaiseClearDays), d+1) < sp.Below
}

// lowestReading is the lowest of the person's readings of slot dated on or
// after day from and before day before, written so far (+Inf: none).
func (w *worker) lowestReading(per *person, slot int, from, before models.Date) float64 {
	low := math.Inf(1)
	for _, i := range w.readingsOf(per, slot) {
		o := &w.b.Observations[i]
		if day := o.EffectiveTime.Date(); o.Value != nil && day >= from && day < before {
			low = min(low, *o.Value)
		}
	}
	return low
}

// slowHeartBars reports whether a slow heart keeps the medicine from being
// started (or its dose raised) now.
func (w *worker) slowHeartBars(per *person, m *medPlan) bool {
	if m.slowHeart == nil {
		return false
	}
	st := w.slowState(per, m.slowHeart)
	return st.stopped || st.seen < m.slowHeart.Below
}

// slowHeartBarsOn reports whether a slow heart keeps the medicine from
// being started on day d, by the record's dates: stopped for it before, or
// the latest reading by day d below the rule's limit. The pregnancy switch
// (pregnancyswitch.go) runs after pathways whose pulses are dated later, so
// the latest reading written (slowHeartBars) is not the one of its day: a
// merged population gave labetalol at a pregnancy 10 months after a pulse
// of 49 with none since (TestNoBetaBlockerOnASlowHeart, stop 68).
func (w *worker) slowHeartBarsOn(per *person, m *medPlan, d models.Date) bool {
	sp := m.slowHeart
	return sp != nil && w.slowByDate(per, sp, d, sp.Below)
}

// slowByDate reports whether rule sp's medicine was stopped for a slow
// heart, or the latest reading dated by day d is below limit.
func (w *worker) slowByDate(per *person, sp *slowHeartPlan, d models.Date, limit float64) bool {
	if w.slowState(per, sp).stopped {
		return true
	}
	_, v, ok := w.latestReading(per, sp.slot, d+1)
	return ok && v < limit
}

// slowHeartStartBars reports whether the latest reading on the record by
// day d (the review's own pulse included) is below the rule's start_below
// (h67b: digoxin not started for a rate already controlled, donepezil not
// at a pulse under 60). By the record's dates, as slowHeartBarsRaise: the
// memory clinic's start is written before GP pulses dated earlier.
func (w *worker) slowHeartStartBars(per *person, m *medPlan, d models.Date) bool {
	sp := m.slowHeart
	if sp == nil || sp.StartBelow <= 0 {
		return false
	}
	_, v, ok := w.latestReading(per, sp.slot, d+1)
	return ok && v < sp.StartBelow
}

// slowHeartStep is the step a medicine the rules would not start on a slow
// heart starts at when it must (a scenario's drug): its halved dose, when it
// has one; step otherwise.
func (w *worker) slowHeartStep(per *person, m *medPlan, age, step int) int {
	if m.ladder != "" {
		return step // a titration ladder starts at its lowest dose already
	}
	if w.slowHeartBars(per, m) && m.slowHeart.LowerStep > 0 && m.hasStep(age, m.slowHeart.LowerStep) {
		return m.slowHeart.LowerStep
	}
	return step
}

// slowHeartReview acts, at a review on day d, on a reading below the limit
// not yet acted on, for running course k; it reports whether it did.
func (w *worker) slowHeartReview(per *person, k int, d models.Date) bool {
	c := &per.courses[k]
	sp := c.meds.slowHeart
	if sp == nil {
		return false
	}
	if c.lastRx >= 0 && w.b.Prescriptions[c.lastRx].StartDate > d {
		// a review written after the course's later issues (the care of a
		// condition a late fracture brings, fragility.go): halving here
		// ended only the latest issue, and the usual dose issued between
		// read as a raise on a slow pulse once the record's pass halved it
		// earlier (h62i: generate -n 100000 -s 1, bisoprolol 5 mg for CHD
		// at a pulse of 53). That pass (slowheartlate.go) reads every GP
		// contact's pulse in the written record and withdraws the issues
		// after its change, so it acts on this course instead.
		return false
	}
	st := w.slowState(per, sp)
	// a reading below the limit since the dose began, by its date: one taken
	// at another contact and followed by a higher one (45, then 51 at the
	// follow-up) is still read at the review (h59b)
	lowSince := w.lowestReading(per, sp.slot, c.start+1, d+1) < sp.Below
	if (st.done || !(st.seen < sp.Below)) && !lowSince {
		return false
	}
	st.done = true
	// On a titration ladder (bisoprolol for heart failure) the halved dose
	// is the same step (2.5 mg) and is only ever a step down: from below
	// it the medicine stops; once lowered it is not titrated up again.
	ladder := c.meds.ladder != ""
	if ls := sp.LowerStep; ls > 0 && c.reg.Step != ls && (!ladder || c.reg.Step > ls) && c.meds.hasStep(per.ageOn(d), ls) {
		c.slowCapped = ladder                                     // carried to the halved dose's course: kept there
		w.changeStep(per, k, c.meds.regimen(per.ageOn(d), ls), d) // halved
		return true
	}
	if down := ladderStepDown(sp, c.meds, per.ageOn(d), c.reg.Step); ladder && down >= 0 {
		c.slowCapped = true
		w.changeStep(per, k, c.meds.regimen(per.ageOn(d), down), d) // a ladder step down, not off (h67c)
		return true
	}
	if c.forced {
		return false // a scenario's medicine goes on, at the halved dose when it has one
	}
	w.stopCourse(per, k, max(d, c.start+1))
	st.stopped = true
	for i := len(w.b.Encounters) - 1; w.curEnc != "" && i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if e := &w.b.Encounters[i]; e.EncounterID == w.curEnc { // coded at the review that stopped it
			w.reasonObservation(per, e.EncounterID, e.StartTime.AddMinutes(5), &sp.Reason)
			break
		}
	}
	return true
}

// ladderStepDown is the ladder step a slow heart takes medicine m down to
// from step (at or under the rule's halved dose): the step below, when the
// rule keeps the medicine on its ladder (ladder_down: bisoprolol for heart
// failure from 2.5 to 1.25 mg, NICE NG106 / BNF: reduce, do not stop a
// beta-blocker abruptly; h67c); -1 when it stops instead (the ladder's
// lowest dose, or a medicine without a ladder).
func ladderStepDown(sp *slowHeartPlan, m *medPlan, age, step int) int {
	if !sp.LadderDown || m.ladder == "" || step <= 0 || step > sp.LowerStep || !m.hasStep(age, step-1) {
		return -1
	}
	return step - 1
}
