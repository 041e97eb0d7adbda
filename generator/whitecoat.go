package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Not every raised clinic reading is hypertension. NICE NG136 1.2.3 offers
// ambulatory monitoring to confirm a clinic reading of 140/90 or more, and
// diagnoses only when the daytime average is 135/85 or more: a person whose
// pressure rises in the surgery and not at home (the white-coat effect) is
// not coded. The record showed monitoring only where it confirmed (the
// fifteenth review's confirm). A hypertension diagnosis with
// ambulatory.white_coat may now have an earlier work-up that did not
// confirm: a raised reading months before, and averages under both
// thresholds weeks after it, with nothing coded.

// whiteCoat writes, for the diagnosis of hc on day d, the earlier work-up
// whose monitoring did not confirm, when that day's averages (the usual
// level then less the ambulatory offsets, plus noise) are both under their
// thresholds; when they would have confirmed, nothing is written (the model
// diagnoses on d, so the reading then was not raised). Its draws come from
// a stream of its own, so no other draw moves.
func (w *worker) whiteCoat(per *person, hc *heldCondition, cf *confirmPlan, d models.Date) {
	a := cf.amb
	wc := a.WhiteCoat
	if wc == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeWhiteCoat, uint64(hc.plan.idx))
	first := lastWorkingDay(d - models.Date(between(wc.DaysBefore, &s)))
	day := lastWorkingDay(first + models.Date(between(wc.MonitorAfter, &s)))
	// the clinic reading that day, with its visit noise and before any
	// diagnosis, was raised: a usual level far under 140 is not worked up
	raised := cf.past(w.numericValue(per, cf.slot, first.Start(), &s))
	v := w.usualLevel(per, cf.slot, day) - a.Below + s.NormalMS(0, a.Noise)
	c := w.usualLevel(per, a.companion, day) - a.CompanionBelow + s.NormalMS(0, a.Noise)
	v, c = float64(int(v+0.5)), float64(int(c+0.5)) // as coded: whole mmHg
	// the raised reading is a check the practice takes when one is due
	// (checkup.go: no other within close_days), not one more a year
	// (an adult's: a reading before 18 is not written, observable)
	if !raised || !w.bloodPressureDue(per, first) || first < per.firstDay || first < per.adultOn || day <= first || v >= a.AtLeast || c >= a.CompanionAtLeast {
		return
	}
	// the monitoring is booked before the confirm's own readings' window
	before := d - models.Date(cf.UsesWithin)
	if w.firstReading(per, hc, cf, first, day, &s) == models.NoDate {
		return
	}
	id, start, ok := w.visitBefore(per, cf, day, before, "", &s)
	if !ok {
		return
	}
	w.averages(per, a, id, start.AddMinutes(5), v, c)
}
