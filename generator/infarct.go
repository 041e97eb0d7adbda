package generator

import (
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A heart attack's size (forty-eighth review): the troponin at A&E and the
// ejection fraction the stay's echocardiogram reads were drawn apart, so a
// small troponin came beside a badly damaged ventricle as often as a large
// one, and an ejection fraction of 40% or less after an MI brought no heart
// failure diagnosis nor its treatment (35 heart attacks at 40% or less, 11
// with heart failure coded within 6 months, generate -n 20000 -s 5). Now
// one draw an event sizes the infarct, and the condition whose catalogue
// entry has after_infarct (heart failure) is diagnosed in the stay of a
// heart attack that leaves the ejection fraction at or below its limit.

// afterInfarctPlan is the catalogue's after_infarct, resolved.
type afterInfarctPlan struct {
	cond   int              // the condition brought (heart failure)
	event  string           // the heart attack's row key (chd_event)
	test   *episodeTestPlan // the stay test that reads the level (lvef)
	atMost float64
}

// buildAfterInfarct resolves after_infarct (checked on load: one condition
// at most, its event's stay test sized by the infarct) once the stay tests
// are resolved.
func (p *Plan) buildAfterInfarct() {
	for ci := range p.conds {
		ai := p.conds[ci].AfterInfarct
		if ai == nil {
			continue
		}
		for k := range p.stayTests {
			if tp := &p.stayTests[k]; tp.problem == ai.Event && tp.infarct > 0 && tp.slot == p.obsIndex[ai.Observation] {
				p.afterInfarct = &afterInfarctPlan{cond: ci, event: ai.Event, test: tp, atMost: ai.AtMost}
			}
		}
	}
}

// infarctRaise is what infarct test tp adds to its result for the heart
// attack of day event: its raise moved by the infarct's size (a standard
// normal drawn once an event, shared by every infarct test) weighted by
// tp.infarct and by a draw of the test's own for that event, never of the
// other sign. Both are drawn from streams of the event's own, so the same
// heart attack gives the same raise wherever it is read (the A&E troponin,
// the stay's echocardiogram, the heart failure it brings).
func (w *worker) infarctRaise(per *person, tp *episodeTestPlan, event models.Date) float64 {
	seed, idx := w.plan.Opts.Seed, uint64(per.index)
	size := distributions.NewStream(seed, idx, purposeInfarct, uint64(event))
	own := distributions.NewStream(seed, idx, purposeInfarct, uint64(event), uint64(tp.slot)+1)
	dev := tp.infarct*size.Normal() + math.Sqrt(1-tp.infarct*tp.infarct)*own.Normal()
	return math.Copysign(math.Max(0, math.Abs(tp.raise)+tp.raiseSD*dev), tp.raise)
}

// heartFailureAfterInfarct diagnoses the after_infarct condition in the
// stay of each heart attack in the record whose echocardiogram reads at or
// below the limit, for a person not diagnosed with it by then: the infarct's
// reading, or the level of their own heart failure developing unseen (what
// the echocardiogram reads then: unless). The
// condition's level of the observation is set to the reading, so its
// treatment lines' needs read what the stay read, and every later
// echocardiogram shows the same type. A later diagnosis of it is brought
// forward, keeping its row id (a cause of death may name it). It runs after
// the stays and before the GP's care, which writes the diagnosis (its
// encounter the stay's) and its reviews and treatment.
func (w *worker) heartFailureAfterInfarct(per *person) {
	ip := w.plan.afterInfarct
	if ip == nil {
		return
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		row := &w.b.Conditions[i]
		day := row.OnsetDate
		if row.ConditionKey != ip.event || !ip.test.applies(per, ip.event, day) || !per.diagnosableOn(day) {
			continue
		}
		k := heldIndex(per, ip.cond)
		if k >= 0 && per.conds[k].onset <= day {
			continue // diagnosed before: its own level (unless)
		}
		enc := w.stayAbout(per, row.ConditionID)
		if enc == nil {
			continue
		}
		slot := ip.test.slot
		usual := w.usualLevel(per, slot, day)
		raise := w.infarctRaise(per, ip.test, day)
		if k >= 0 && developing(&per.conds[k], day) > 0 {
			// developing unseen: the echocardiogram reads its level (unless),
			// and the diagnosis it makes is brought forward to the stay
			raise = 0
		}
		ef := w.raisedReading(slot, usual, raise)
		if ef > ip.atMost {
			continue
		}
		if k >= 0 { // the level without the developing condition's part
			hc := &per.conds[k]
			for _, e := range hc.effects {
				if e.obs == slot {
					usual -= e.delta * developing(hc, day)
				}
			}
		}
		s := per.stream(w.plan.Opts.Seed, purposeInfarct, uint64(day), 0)
		w.heldLevel.slot, w.heldLevel.level, w.heldLevel.usual, w.heldLevel.set = slot, ef, usual, true
		// dated by the stay that diagnoses it (admitted after midnight: the next day)
		hc := w.heldCondition(per, ip.cond, max(day, enc.StartTime.Date()), &s)
		hc.ramp = 0 // an infarct is sudden: nothing developing before it
		hc.presented, hc.diagnosedAt, hc.emergencyEnd = true, enc.EncounterID, enc.EndTime.Date()
		if k >= 0 {
			hc.id = per.conds[k].id
			per.conds[k] = hc
		} else {
			per.conds = append(per.conds, hc)
		}
	}
}

// stayAbout is the inpatient stay whose reason is condition row id (nil:
// none in the record).
func (w *worker) stayAbout(per *person, id string) *models.Encounter {
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if enc := &w.b.Encounters[e]; enc.ReasonConditionID == id && enc.Setting == settingInpatient {
			return enc
		}
	}
	return nil
}

// raisedReading is the reading of slot at usual level with no noise,
// rounded and held within its limits, then raised as a test raises it
// (raiseResult).
func (w *worker) raisedReading(slot int, usual, raise float64) float64 {
	m, sc := w.plan.obsModels[slot], w.plan.obsScale[slot]
	v := math.Round(math.Min(m.Max, math.Max(m.Min, usual))*sc) / sc
	o := models.Observation{Value: &v}
	w.raiseResult(&o, slot, raise)
	return v
}

// setHeldLevel sets the effect of held condition hc on the observation of
// w.heldLevel so that the person's level is the one asked for, once, for
// the condition drawn after it was asked (heartFailureAfterInfarct): in
// heldCondition, before the treatment lines' needs read the level.
func (w *worker) setHeldLevel(hc *heldCondition) {
	hl := &w.heldLevel
	if !hl.set {
		return
	}
	hl.set = false
	for e := range hc.effects {
		if hc.effects[e].obs == hl.slot {
			hc.effects[e].delta = hl.level - hl.usual
		}
	}
}
