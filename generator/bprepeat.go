package generator

import (
	"github.com/code4health/cohortgen/models"
)

// A high blood pressure outside a review (h61b, issue 9). The hypertension
// pathway decides at its reviews, and since h60b at the reviews of the
// conditions that read blood pressure; a systolic of 160 or more at a
// check-up or at a contact about another problem led to nothing (658 of
// 1,759 such readings in people with hypertension had no other reading in
// the six weeks after, 73 of 98 at 180 or more none in the two weeks
// after; generate -n 20000 -s 83). A GP who reads it asks the person back
// to read it again: within weeks (care_target high repeat_days), within
// days at 180 or more (repeat_severe_days; NICE NG136 1.5: see again
// within 7 days).

// repeatHighReadings books, once every GP contact that reads blood pressure
// is written, the check that reads it again after each high reading
// outside a review of the condition whose target it is: a GP check-up about
// that condition, with a systolic and diastolic reading, unless another
// systolic falls in the time before it. Its draws come from a stream of its
// own, keyed by the reading's day, so no other draw moves.
func (w *worker) repeatHighReadings(per *person) {
	slot := w.plan.slots.systolic
	k := bloodPressureTargetHeld(per, per.lastDay, slot)
	if k < 0 {
		return
	}
	hc := &per.conds[k]
	t := hc.plan.CareTarget
	h := t.HighBand()
	if h == nil || h.RepeatDays[1] == 0 {
		return
	}
	code := w.plan.obsCodes[slot].Snomed
	review := w.plan.encTypes[encChronicReview].Code
	n := len(w.b.Observations) // the readings written so far: a repeat is not itself repeated
	for i := per.obsFrom; i < n; i++ {
		o := &w.b.Observations[i]
		if o.SnomedCode != code || o.Value == nil || !t.HighAt(*o.Value) {
			continue
		}
		d := o.EffectiveTime.Date()
		if d < hc.onset || hc.resolved != 0 && d >= hc.resolved || per.inEndOfLifeCare(d) {
			continue
		}
		e := w.encounterByID(per, o.EncounterID)
		if e == nil || e.Setting != settingGP || e.TypeCode == review {
			continue // a review decides on its own reading (care.go, bpelsewhere.go)
		}
		within := h.RepeatDays
		if t.SevereAt(*o.Value) {
			within = h.RepeatSevereDays
		}
		last := d + models.Date(within[1]) + repeatLateDays // the latest day the check may fall on
		if last > per.lastDay || per.inEndOfLifeCare(last) || w.codedWithin(per, code, d+models.Date(within[1]), within[1]) {
			continue // read again already (a systolic after day d, by the window's end), or the record or routine examination ends first (eolmonitoring.go)
		}
		s := per.stream(w.plan.Opts.Seed, purposeBPRepeat, uint64(d))
		sl, ok := w.bookGP(per, d+models.Date(between(within, &s)), encGPConsultation, contactHealthCheck, &s)
		if !ok || sl.start.Date() > last {
			continue
		}
		w.writeGP(per, &sl, hc.id)
		id := w.slotID(&sl)
		at := len(w.b.Observations)
		w.observe(per, id, sl.start.AddMinutes(5), slot, &s)
		w.observe(per, id, sl.start.AddMinutes(5), w.plan.slots.diastolic, &s)
		if r := &w.b.Observations[min(at, len(w.b.Observations)-1)]; at < len(w.b.Observations) && r.SnomedCode == code && r.Value != nil {
			w.decideRepeatHigh(per, k, id, sl.start.AddMinutes(6), *r.Value) // bprepeatdecision.go
		}
	}
}

// repeatLateDays is how far past its window a repeat check may be put off
// (by a stay, or a day already busy) and still be made.
const repeatLateDays = 7
