package generator

import "github.com/code4health/cohortgen/models"

// stepDown relaxes treatment to a target in the very old (care_target
// step_down): at a review on day d from its age, reading v below its level
// on two lines or more, the latest line's drugs stop and the line before is
// the one reached, at least the target's change interval after the last
// change. A scenario's forced line stays. The sixteenth review found people
// of 85 and over on three or four diabetes drugs with an HbA1c below 53
// never stepped down (NICE NG28 1.6: relax the target in frailty).
func (w *worker) stepDown(per *person, ci int, d models.Date, v float64) bool {
	hc := &per.conds[ci]
	t := hc.plan.CareTarget
	sd := t.StepDown
	if sd == nil || hc.line < 1 || hc.line <= hc.forced || per.ageOn(d) < sd.FromAge || v >= sd.Below ||
		d-hc.lastChange < models.Date(t.ChangeAfter()) {
		return false
	}
	stopped := false
	for k := range per.courses {
		if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && !cr.forced && cr.running(d) {
			w.stopCourse(per, k, max(d, cr.start+1))
			stopped = true
		}
	}
	hc.line--
	hc.exhausted = false
	if stopped {
		hc.lastChange = d
	}
	return stopped
}
