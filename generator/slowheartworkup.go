package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A slow pulse that no medicine explains (h60c, issue 9). The slow-heart
// rules (slowheart.go, slowheartlate.go) answer a pulse under 50 on a
// beta-blocker, diltiazem or digoxin by lowering or stopping it; a pulse
// under 50 on none of them was left alone: 506 of 514 such GP readings had
// no ECG within 30 days (generate -n 20000 -s 83). A GP looks for the
// cause: a 12-lead ECG (heart block, sinus node disease) and bloods for
// the reversible ones (thyroid function, urea and electrolytes), taken at
// the contact that found it (prescribing.yaml slow_heart_workup: the ECG and a
// TSH). This pass
// reads the written record once every contact and issue is written, in
// date order, after the tests' results are written: the ECG is given its
// finding here (testresults.go). Its values come from a stream of its own, keyed by
// the day: no other draw moves.

// slowWorkUpPlan is slow_heart_workup with its observation slots.
type slowWorkUpPlan struct {
	*datasets.SlowHeartWorkUp
	slot  int          // the pulse
	tests []workUpTest // the ECG first
}

// workUpTest is a test of the work-up: a catalogue observation's slot, or
// (slot -1) a code recorded alone, whose finding testresults.go writes (the
// ECG, as a diagnosis's tests are recorded).
type workUpTest struct {
	slot int
	code datasets.ObservationCode
}

func (p *Plan) resolveSlowHeartWorkUp(rules *datasets.Prescribing) error {
	r := rules.SlowHeartWorkUp
	if r == nil {
		return nil
	}
	wp := &slowWorkUpPlan{SlowHeartWorkUp: r}
	var ok bool
	if wp.slot, ok = p.obsIndex[r.Observation]; !ok || p.obsModels[wp.slot] == nil {
		return fmt.Errorf("prescribing.yaml: slow_heart_workup: %q is not a numeric observation of the catalogue", r.Observation)
	}
	for _, k := range r.Tests {
		code, _ := datasets.ObservationByKey(k) // checked by the datasets
		slot, ok := p.obsIndex[k]
		if !ok {
			slot = -1
		}
		wp.tests = append(wp.tests, workUpTest{slot: slot, code: code})
	}
	p.slowWorkUp = wp
	return nil
}

// slowHeartWorkUps records the work-up at each GP reading below the limit
// taken on none of the slow-heart rules' medicines, unless an ECG lies in
// the clear days before it (or was recorded at that contact already). It
// runs once slowheartlate.go has made its stops: a pulse under 50 that
// stopped diltiazem the day before is on no rate-slowing medicine (the
// audit reads it so), and is worked up too.
func (w *worker) slowHeartWorkUps(per *person) {
	wp := w.plan.slowWorkUp
	if wp == nil {
		return
	}
	w.slowRows = append(w.slowRows[:0], w.readingsOf(per, wp.slot)...) // a copy, sorted below: the index keeps row order
	rows := w.slowRows
	slices.SortStableFunc(rows, func(a, b int32) int {
		return int(w.b.Observations[a].EffectiveTime - w.b.Observations[b].EffectiveTime)
	})
	for _, i := range rows {
		o := w.b.Observations[i]
		if o.Value == nil || *o.Value >= wp.Below || o.ObservationID.IsZero() {
			continue
		}
		d := o.EffectiveTime.Date()
		if d < per.firstDay || d > per.lastDay || !w.atGPContact(per, o.EncounterID) || w.onRateSlowing(per, d) || w.codedWithin(per, wp.tests[0].code.Snomed, d, wp.ClearDays) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeSlowHeartWorkUp, uint64(d))
		for k := range wp.tests {
			tp := &wp.tests[k]
			if w.codeTakenAt(per, o.EncounterID, tp.code.Snomed) {
				continue // the contact took it already (a review's own bloods)
			}
			if tp.slot >= 0 {
				w.observe(per, o.EncounterID, o.EffectiveTime, tp.slot, &s)
			} else {
				w.b.Observations = append(w.b.Observations, w.observation(per, o.EncounterID, o.EffectiveTime, &tp.code))
				w.resultOf(per, len(w.b.Observations)-1)
			}
		}
	}
}

// onRateSlowing reports whether an issue of a medicine a slow-heart rule
// covers (a beta-blocker, a rate-limiting calcium-channel blocker, digoxin)
// runs on day d: the pulse is that rule's to answer.
func (w *worker) onRateSlowing(per *person, d models.Date) bool {
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		if m := w.rxPlan(rx); !rx.PrescriptionID.IsZero() && m != nil && m.slowHeart != nil && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}

// resultOf writes the result of test row i (testresults.go), written after
// the pass that gives every test its result.
func (w *worker) resultOf(per *person, i int) {
	o := &w.b.Observations[i]
	for k := range w.plan.testResults {
		if tp := &w.plan.testResults[k]; tp.snomed == o.SnomedCode {
			w.testResult(per, o, k, tp)
			return
		}
	}
}
