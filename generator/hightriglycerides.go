package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A very high triglyceride result answered (triglycerides.yaml; brief
// h60d, issue 9). A triglyceride of 10-14 mmol/L in a lipid profile
// prompted nothing: 7 readings in 5 people with no repeat and no review of
// secondary causes (generate -n 20000 -s 83). NICE NG238: above 20 refer
// urgently; at 10-20 repeat fasting within 2 weeks with a review of
// secondary causes, and seek specialist advice if still above 10. Now a
// result above the repeat level books a blood test days later (the profile
// with thyroid, liver and kidney function), and a result above the
// referral level, or a repeat still above the persistent level, is
// referred at a telephone contact that reads it. The days come from a
// stream of their own, keyed by the result's day, so no other draw moves.

// highTGPlan is high_triglycerides resolved: slot -1 when not modelled.
type highTGPlan struct {
	*datasets.HighTriglycerides
	slot     int
	repeat   []int // the repeat sample's tests (slots)
	referral datasets.ObservationCode
}

// resolveHighTriglycerides resolves the result's slot, the repeat's tests
// and the referral's code.
func (p *Plan) resolveHighTriglycerides() error {
	p.highTG = highTGPlan{slot: -1}
	h, err := datasets.LoadHighTriglycerides()
	if err != nil {
		return err
	}
	slot, ok := p.obsIndex[h.Observation]
	if !ok || p.obsModels[slot] == nil {
		return nil // a catalogue without the lipid profile
	}
	p.highTG = highTGPlan{HighTriglycerides: h, slot: slot}
	for _, k := range h.Repeat {
		if s, ok := p.obsIndex[k]; ok && p.obsModels[s] != nil {
			p.highTG.repeat = append(p.highTG.repeat, s)
		}
	}
	p.highTG.referral, _ = datasets.ObservationByKey(h.Referral) // (checked by the loader)
	return nil
}

// answerHighTriglycerides answers a triglyceride result v recorded at t:
// above the referral level it is referred; above the repeat level it is
// repeated (not a repeat's own result: that is read by repeatTriglycerides).
func (w *worker) answerHighTriglycerides(per *person, t models.Timestamp, v float64) {
	h := &w.plan.highTG
	d := t.Date()
	if v <= h.RepeatAbove || w.tgRepeating || d < per.firstDay || per.inEndOfLifeCare(d) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeHighTriglycerides, uint64(d))
	if v > h.ReferAbove {
		w.referTriglycerides(per, d, &s)
		return
	}
	w.repeatTriglycerides(per, d, &s)
}

// repeatTriglycerides takes the repeat sample days after day d (the
// profile and the secondary causes' bloods) and refers a repeat still
// above the persistent level.
func (w *worker) repeatTriglycerides(per *person, d models.Date, s *distributions.Stream) {
	h := &w.plan.highTG
	id, start, ok := w.tgContactAfter(per, d, h.RepeatDays, encGPConsultation, contactMonitoringBloods, s)
	if !ok {
		return
	}
	w.tgRepeating = true
	for k, slot := range h.repeat {
		if !w.takenAt(per, id, slot) {
			w.observeOnce(per, id, start.AddMinutes(5+k), slot, s)
		}
	}
	w.tgRepeating = false
	if v, ok := w.readAt(per, id, h.slot); ok && v > h.PersistentAbove {
		w.referTriglycerides(per, start.Date(), s)
	}
}

// referTriglycerides records the referral (or request for specialist
// advice) at a telephone contact days after the result of day d.
func (w *worker) referTriglycerides(per *person, d models.Date, s *distributions.Stream) {
	h := &w.plan.highTG
	id, start, ok := w.tgContactAfter(per, d, h.ReferDays, encGPTelephone, contactGPTelephone, s)
	if !ok {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, id, start.AddMinutes(5), &h.referral))
}

// tgContactAfter books the practice contact of a high triglyceride's
// repeat or referral, days (a range) after day d: none after the record
// ends or in end-of-life care.
func (w *worker) tgContactAfter(per *person, d models.Date, days [2]int, kind encKind, ct contact, s *distributions.Stream) (string, models.Timestamp, bool) {
	day := d + models.Date(between(days, s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return "", 0, false
	}
	return w.gpVisitFor(per, day, kind, ct, "", s)
}
