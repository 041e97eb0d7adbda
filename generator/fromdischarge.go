package generator

import (
	"github.com/code4health/cohortgen/models"
)

// After a heart attack the secondary prevention medicines (dual antiplatelet
// therapy, an ACE inhibitor, a beta-blocker, a statin) are started on the
// ward, and the discharge letter brings them to the GP, who issues them from
// then on (NICE NG185 1.3; catalogue onset_event from_discharge_days). The
// GP's first review of an event that names from_discharge_days therefore
// comes that many days after the discharge, not 7-14 days after the event
// (brief h51b: a GP read the first antiplatelet 12-16 days after the
// infarction, generate -n 20000 -s 5).

// fromDischarge is the day the first review of condition ci follows its onset
// event's discharge, when the event names from_discharge_days and the person
// presented with it (the admission's end is known). The day is drawn on a
// stream of its own, so the care stream's draws do not move.
func (w *worker) fromDischarge(per *person, ci int, hc *heldCondition) (models.Date, bool) {
	ev := hc.plan.OnsetEvent
	if ev == nil || ev.FromDischargeDays[1] == 0 || hc.emergencyEnd == 0 || hc.emergencyEnd < hc.onset {
		return 0, false
	}
	s := per.stream(w.plan.Opts.Seed, purposeFromDischarge, uint64(hc.plan.idx))
	return hc.emergencyEnd + models.Date(between(ev.FromDischargeDays, &s)), true
}
