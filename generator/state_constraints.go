package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/models"

	"github.com/code4health/cohortgen/scenario"
)

// compileMedicinesCount puts a cohort's members on enough repeat medicines
// for medicines_count: beside the medicines on already forces, the next of
// scenario.RepeatCandidates (the pathways of the conditions they have, then
// of the commonest others), each through its indication and pathway line
// as on does. Their own prescribing adds more; none is taken away.
func (p *Plan) compileMedicinesCount(cp *cohortPlan, c scenario.Constraints) error {
	if c.MinRepeatMedicines <= len(cp.drugs) {
		return nil
	}
	possible := func(key string) bool {
		ci, ok := p.condIndex[key]
		return ok && !cp.block[ci] && p.feasible(ci, cp, c)
	}
	var on []string
	for _, fd := range cp.drugs {
		on = append(on, fd.med.Key)
	}
	cands := scenario.RepeatCandidates(p.Cat, c.Has, on, c.NotOnMedicines, cp.stageHi > 0, possible)
	for _, key := range cands[len(on):] {
		if len(cp.drugs) >= c.MinRepeatMedicines {
			break
		}
		fd, err := p.indicationFor(key, cp, c)
		if err != nil || cp.block[fd.cond] || fd.line > 0 {
			continue // a first line, or alongside the pathway, only
		}
		blocked := false
		for _, x := range p.conds[fd.cond].excludes {
			blocked = blocked || cp.force[x]
		}
		if blocked {
			continue
		}
		cp.force[fd.cond] = true
		for _, x := range p.conds[fd.cond].excludes {
			cp.block[x] = true
		}
		cp.drugs = append(cp.drugs, fd)
	}
	if len(cp.drugs) < c.MinRepeatMedicines {
		return fmt.Errorf("only %d repeat medicines can be given, want %d", len(cp.drugs), c.MinRepeatMedicines)
	}
	return nil
}

// compileCKDStage records the eGFR range of the CKD stages asked for: each
// member's course of the condition is then drawn to be in it at the
// reference day (stagedCourse), and the stage is coded from the readings as
// for anyone, with its treatment, safe prescribing and referral following
// the same readings.
func (p *Plan) compileCKDStage(cp *cohortPlan, labels []string) error {
	if len(labels) == 0 {
		return nil
	}
	lo, hi := -1.0, 0.0
	cp.stages = [2]int{-1, -1}
	for k, st := range scenario.CKDStages(p.Cat) {
		for _, l := range labels {
			if l == st.Label {
				if lo < 0 || st.Above < lo {
					lo = st.Above
				}
				hi = max(hi, st.Below)
				if cp.stages[0] < 0 {
					cp.stages[0] = k
				}
				cp.stages[1] = k
			}
		}
	}
	if lo < 0 {
		return fmt.Errorf("unknown CKD stages %v", labels)
	}
	cp.stageLo, cp.stageHi = max(lo, p.obsModels[p.slots.egfr].Min), hi
	return nil
}

// stagedCourse conditions a staged condition's course on the stage the
// member's cohort asks for: given the level at diagnosis (atOnset), it
// draws the usual level at the reference day inside the stages' range, then keeps the drawn onset and finds the progression rate
// that reaches it, or, when no rate in the model's range does, keeps the
// rate in range and moves the onset to when the decline had to start. The
// level then falls through the earlier stages as anyone's does.
func (g *worker) stagedCourse(per *person, ci int, onset models.Date, atOnset, rate float64) (models.Date, float64) {
	p := g.plan
	c := &p.conds[ci]
	cp := per.cohort
	slot := p.obsIndex[c.DefinedBy.Observation]
	age := p.obsModels[slot].AgeSlope // the level's own change a year
	trend := 0.0
	for _, e := range c.trend {
		if e.obs == slot {
			trend = e.delta
		}
	}
	if trend >= 0 {
		return onset, rate
	}
	s := per.stream(p.Opts.Seed, purposeExtras, 5)
	// The level sits 40-70% of the way down the range: far enough below
	// its top to have been there for a few yearly readings (the stage
	// advances on two in a row), far enough above its bottom for the
	// next stage not to be coded yet.
	target := cp.stageHi - (cp.stageHi-cp.stageLo)*(0.4+0.3*s.Float64()) - g.stageLow
	target = math.Min(math.Max(target, cp.stageLo+1), cp.stageHi-1)
	// Diagnosed already at or past the aim (a wide margin at diagnosis):
	// the aim is just below the level at diagnosis, a recent diagnosis.
	target = math.Min(target, atOnset-1)
	years := float64(per.anchor-onset) / 365.25
	if years > 0 {
		if r := ((target-atOnset)/years - age) / trend; r >= minStagedRate && r <= maxProgressionRate {
			return onset, r
		}
	}
	if _, fixed := cp.diagnosedFrom[ci]; fixed {
		return onset, maxProgressionRate // a recent diagnosis: as fast as the model goes
	}
	r := math.Min(math.Max(rate, minStagedRate), maxProgressionRate)
	years = (target - atOnset) / (age + trend*r)
	earliest := per.birth + models.Date(float64(c.Onset.MinAge)*365.25) + 1
	on := min(per.anchor-models.Date(years*365.25), per.anchor-1)
	if on < earliest { // decline started as early as the model allows, faster
		on = earliest
		r = math.Min(((target-atOnset)/(float64(per.anchor-on)/365.25)-age)/trend, maxProgressionRate)
	}
	return on, r
}

// minStagedRate is the slowest progression a staged course is given: the
// model's own rates are rarely slower (rate_sd 0.5: 1 in 20 below 0.44).
const minStagedRate = 0.4

// restaged reports whether the member's coded stage missed the stages
// asked for, and moves the course's aim to correct it: the stage is coded
// from yearly readings (it advances on two in a row), so a level just
// inside the range may not be coded yet, or one near its bottom may be
// coded past it. The member is then generated again with the same draws.
func (w *worker) restaged(per *person, c0 int) bool {
	cp := per.cohort
	if cp.stageHi == 0 {
		return false
	}
	stages := scenario.CKDStages(w.plan.Cat)
	lo, hi, at := cp.stages[0], cp.stages[1], -1
	for k, st := range stages {
		for _, c := range w.b.Conditions[c0:] {
			if c.ConditionKey == scenario.CKDCondition && c.SnomedCode == st.Snomed && c.OnsetDate <= per.anchor &&
				(c.ResolvedDate == models.NoDate || c.ResolvedDate > per.anchor) {
				at = k
			}
		}
	}
	dir := 0.0
	switch {
	case at < lo:
		dir = 1
	case at > hi:
		dir = -1
	default:
		return false
	}
	// A fixed step can swing for ever between a level coded one stage too
	// far and one coded one stage short (fourteenth review: a "CKD 3b"
	// member was coded 4 at one aim and 3a at the aim 3 higher, for all
	// eight passes, and kept 4): halve the step each time it overshoots.
	if w.stageStep == 0 {
		w.stageStep = (cp.stageHi - cp.stageLo) * 0.2
	} else if dir != w.stageDir {
		w.stageStep /= 2
	}
	w.stageDir = dir
	w.stageLow += dir * w.stageStep
	return true
}

// maxStagePasses bounds the regenerations of a member whose coded stage
// missed the one asked for.
const maxStagePasses = 8

// stagedMargin is the margin past the threshold at diagnosis for a member
// asked to be at the first stage: the first reading codes the stage and a
// stage never goes back, so a diagnosis deep in the next stage's range
// would rule the first out. The margin is drawn as for anyone, and kept
// two visit spreads above the stage's lower bound.
func (g *worker) stagedMargin(cp *cohortPlan, c *condPlan, margin float64) float64 {
	if cp.stages[0] != 0 {
		return margin
	}
	room := *c.DefinedBy.Below - cp.stageLo - 2*g.plan.obsModels[g.plan.slots.egfr].Noise
	if room > 0 && margin > room {
		return room
	}
	return margin
}
