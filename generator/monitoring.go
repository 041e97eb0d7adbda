package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Monitoring (prescribing.yaml monitoring): a medicine that needs a blood
// test while it runs (INR for warfarin) has it at the review that issues
// it, and at monitoring visits every every_days until the next review. The
// visits draw from a stream of their own (per patient and review day), so
// no other draw moves.

// monitorPlan is a resolved datasets.Monitoring.
type monitorPlan struct {
	slot        int
	also        []int // slots of the tests taken from the same sample
	every       models.Date
	baseline    [2]float64    // mean and spread before the medicine acts (0: none)
	startDays   []models.Date // the first weeks' tests, days after the start
	lo, hi      float64       // the target range (hi 0: none)
	recheckDays [2]int
}

// settleDays: a test within this many days of the start reads between the
// baseline and the treated level, in proportion (warfarin takes days to
// reach its effect; model).
const settleDays = 14

func (p *Plan) resolveMonitoring() error {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	p.repeats = rules.Repeats
	if err := p.resolveSlowHeart(rules); err != nil {
		return err
	}
	for _, e := range rules.StateEffects {
		slot, ok := p.obsIndex[e.Observation]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("prescribing.yaml: state_effects: %q is not a numeric observation of the catalogue", e.Observation)
		}
		for key, mp := range p.medPlans {
			if e.AppliesTo(key) {
				mp.effects = append(mp.effects, obsEffect{obs: slot, delta: e.Delta})
			}
		}
	}
	for _, m := range p.obsModels {
		if r := m; r != nil && r.RisesBelow != nil {
			if slot, ok := p.obsIndex[r.RisesBelow.Observation]; !ok || p.obsModels[slot] == nil {
				return fmt.Errorf("catalogue.yaml: rises_below: %q is not a numeric observation", r.RisesBelow.Observation)
			}
		}
	}
	for _, m := range rules.Monitoring {
		mp, ok := p.medPlans[m.Medicine]
		var also []int
		for _, key := range append([]string{m.Observation}, m.Also...) {
			slot, known := p.obsIndex[key]
			if !known || p.obsModels[slot] == nil {
				return fmt.Errorf("prescribing.yaml: monitoring of %s: %q is not a numeric observation of the catalogue", m.Medicine, key)
			}
			also = append(also, slot)
		}
		if ok {
			mon := &monitorPlan{slot: also[0], also: also[1:], every: models.Date(m.EveryDays), baseline: m.Baseline,
				lo: m.Range[0], hi: m.Range[1], recheckDays: m.RecheckDays}
			for _, d := range m.StartDays {
				mon.startDays = append(mon.startDays, models.Date(d))
			}
			mp.monitor = mon
		}
	}
	return nil
}

// monitorUntil records the tests of the condition's running medicines at
// the review (encID at t) and at visits before the next review on day next:
// on the day the medicine starts, a baseline (an INR of about 1), then the
// first weeks' tests; afterwards every interval (give or take a week), and
// sooner after a result outside the target range (a dose change is checked
// in a week or two).
func (w *worker) monitorUntil(per *person, ci int, encID string, t models.Timestamp, next models.Date) {
	for k := range per.courses {
		cr := &per.courses[k]
		mp := cr.meds.monitor
		if mp == nil || cr.cond != ci || !cr.running(t.Date()) {
			continue
		}
		// A test needed only after a start (kidney function after an ACE
		// inhibitor) is not repeated at every review: the review reads it.
		afterStartOnly := mp.every == 0
		from := monitorFrom(per, cr, t.Date())
		if afterStartOnly && from != t.Date() {
			continue
		}
		s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeMonitoring, uint64(t.Date()))
		// a review before the record opened (inforce.go): its tests, and
		// those after it until the record opens, were taken but are not
		// written (taken as in range)
		before := t.Date() < per.firstDay
		var v float64
		if before {
			v = mp.lo
		} else if !afterStartOnly {
			if slot := mp.slot; per.hasLast[slot] && per.lastAt[slot].Date() == t.Date() {
				v = per.lastVal[slot] // read at this review already
			} else { // started today: its first test
				v = w.monitorTest(per, cr, mp, encID, t.AddMinutes(2), &s)
			}
		}
		hc := &per.conds[ci]
		last := t.Date()
		for {
			d := last + mp.every + models.Date(s.IntN(15)-7)
			if since := last - from; len(mp.startDays) > 0 && since < mp.startDays[len(mp.startDays)-1] {
				d = from + nextStartDay(mp.startDays, since)
			} else if afterStartOnly {
				break
			} else if mp.hi > 0 && (v < mp.lo || v > mp.hi) {
				r := mp.recheckDays
				d = last + models.Date(r[0]+s.IntN(r[1]-r[0]+1))
			}
			if d >= next-14 && !afterStartOnly && next-last > mp.every+7 {
				// the review comes too late to take the test in time: a
				// visit of its own, two weeks or so before it
				d = next - 15 - models.Date(s.IntN(8))
			}
			if d >= next-14 || d <= last || d > per.lastDay || !cr.running(d) || per.inEndOfLifeCare(d) {
				break
			}
			if d < per.firstDay {
				last = d
				continue
			}
			id, start, ok := w.gpVisitFor(per, d, encGPConsultation, contactMonitoringBloods, hc.id, &s) // a blood test about the condition, not its review
			if !ok {
				break
			}
			v = w.monitorTest(per, cr, mp, id, start.AddMinutes(5), &s)
			last = start.Date()
			if w.renalStop(per, k, v, last); !cr.running(last) {
				break // stopped on this result (or on a potassium taken with it): no more tests
			}
		}
	}
}

// monitorAtReview takes, at a review of condition ci (encID at t), the
// tests of its medicines that need them at every interval (methotrexate's
// blood count and kidney function), before they are issued: for a medicine
// started at this review these are its baseline tests. A kidney function
// that rules the medicine out (eGFR below its renal stop) stops it today,
// before the issue.
func (w *worker) monitorAtReview(per *person, ci int, encID string, t models.Timestamp) {
	var s *distributions.Stream
	for k := range per.courses {
		cr := &per.courses[k]
		mp := cr.meds.monitor
		if mp == nil || mp.every == 0 || cr.cond != ci || !cr.running(t.Date()) {
			continue
		}
		if s == nil {
			st := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeMonitorReview, uint64(t.Date()))
			s = &st
		}
		v := w.monitorTest(per, cr, mp, encID, t.AddMinutes(2), s)
		w.renalStop(per, k, v, t.Date())
	}
}

// renalStop stops, on day d, each running medicine monitored by eGFR whose
// renal stop (methotrexate below 30: BNF) the monitoring result v of course
// k is below, when that result is an eGFR: at a review or at a test between
// reviews, its own or another medicine's (the eGFR taken 10 days after an
// ACE inhibitor's dose step stops methotrexate too), with its companion
// (folic acid).
func (w *worker) renalStop(per *person, k int, v float64, d models.Date) {
	egfr := w.plan.slots.egfr
	if m := per.courses[k].meds.monitor; m == nil || m.slot != egfr {
		return
	}
	for i := range per.courses {
		cr := &per.courses[i]
		r := cr.meds.renal
		if r == nil || cr.meds.monitor == nil || cr.meds.monitor.slot != egfr || v >= r.StopBelow || cr.forced || !cr.running(d) {
			continue
		}
		w.stopCourse(per, i, d)
		for j := range per.courses { // its companion stops with it (folic acid)
			if c := &per.courses[j]; c.companionOf != nil && c.running(d) && !w.companionDue(per, c, d) {
				w.stopCourse(per, j, max(d, c.start+1))
			}
		}
	}
}

// monitorFrom is the day a medicine's start tests count from: its start,
// or its first issue in the record on day d when it was begun (backdated to
// a planned day) inside the record or less than establishedDays before, as
// the record shows it starting there.
func monitorFrom(per *person, cr *course, d models.Date) models.Date {
	if cr.issued == d && cr.start < d && (cr.start >= per.firstDay || d-cr.start < establishedDays) {
		return d
	}
	return cr.start
}

// nextStartDay is the first of the start schedule's days after day since.
func nextStartDay(days []models.Date, since models.Date) models.Date {
	for _, d := range days {
		if d > since {
			return d
		}
	}
	return days[len(days)-1]
}

// monitorTest records one test of course cr at t and returns its value: the
// baseline on the day the medicine starts, then the treated level, reached
// in proportion over the first settleDays.
func (w *worker) monitorTest(per *person, cr *course, mp *monitorPlan, encID string, t models.Timestamp, s *distributions.Stream) float64 {
	for _, slot := range mp.also { // the rest of the sample's tests (potassium with an eGFR)
		w.observeOnce(per, encID, t, slot, s)
	}
	if mp.baseline[0] == 0 || t.Date()-cr.start >= settleDays {
		n := len(w.b.Observations)
		w.observeOnce(per, encID, t, mp.slot, s) // once: a review held with it may have taken it
		if o := &w.b.Observations[len(w.b.Observations)-1]; len(w.b.Observations) > n && o.Value != nil {
			return *o.Value
		}
		// Taken already at this appointment (a review joined to another that
		// read it): that reading. Reading it as mp.lo (0 for an eGFR) stopped
		// methotrexate as if below its renal limit (ninth review).
		if v, ok := w.readAt(per, encID, mp.slot); ok {
			return v
		}
		return mp.lo // not recorded: taken as in range
	}
	base := mp.baseline[0] + mp.baseline[1]*s.Normal()
	v := base + (w.numericValue(per, mp.slot, t, s)-base)*float64(t.Date()-cr.start)/settleDays
	o := w.observation(per, encID, t, &w.plan.obsCodes[mp.slot])
	w.values = append(w.values, math.Round(v*10)/10)
	o.Value, o.Unit = &w.values[len(w.values)-1], w.plan.obsCodes[mp.slot].Unit
	w.b.Observations = append(w.b.Observations, o)
	return v
}

// readAt is the reading of slot recorded at encounter encID, searched among
// the patient's observations written so far (the batch's last rows).
func (w *worker) readAt(per *person, encID string, slot int) (float64, bool) {
	code := w.plan.obsCodes[slot].Snomed
	for i := len(w.b.Observations) - 1; i >= 0 && w.b.Observations[i].PatientID == per.id; i-- {
		if o := &w.b.Observations[i]; o.EncounterID == encID && o.SnomedCode == code && o.Value != nil {
			return *o.Value, true
		}
	}
	return 0, false
}
