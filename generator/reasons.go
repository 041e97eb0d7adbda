package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// reasonPending stands in for an admission's reason until the admission is
// written and its reason's row can name it (admitFor).
const reasonPending = "\x00reason"

// compileReason resolves an encounter constraint's reason: a presentation
// of the catalogue, or a condition the cohort is made to have.
func (p *Plan) compileReason(cp *cohortPlan, need *encNeed, key string) error {
	need.reasonPres, need.reasonCond = -1, -1
	if key == "" {
		return nil
	}
	for pi := range p.presentations {
		if p.presentations[pi].Key == key {
			need.reasonPres = pi
			if rq := p.presentations[pi].requires; rq >= 0 && !cp.force[rq] {
				return fmt.Errorf("reason %s needs %s, which the cohort is not made to have", key, p.conds[rq].Key)
			}
			return nil
		}
	}
	ci, ok := p.condIndex[key]
	if !ok {
		return fmt.Errorf("unknown reason %q", key)
	}
	if !cp.force[ci] {
		return fmt.Errorf("reason %s is a condition the cohort is not made to have", key)
	}
	need.reasonCond = ci
	return nil
}

// reasoned reports whether the encounter needs a particular reason.
func (need *encNeed) reasoned() bool {
	return need != nil && (need.reasonPres >= 0 || need.reasonCond >= 0)
}

// reasonDay moves an event for a held condition to its diagnosis when the
// event's day comes before it: a visit is not for a condition not yet known.
func (w *worker) reasonDay(per *person, need *encNeed, day models.Date) models.Date {
	if need.reasonCond < 0 {
		return day
	}
	for k := range per.conds {
		if per.conds[k].plan.idx == need.reasonCond {
			return max(day, per.conds[k].onset)
		}
	}
	return day
}

// neededReason writes (or finds) the reason an encounter of the cohort
// needs, seen in setting on day d at encounter encID, and returns its
// condition row's id: a new episode of the presentation, or the held
// condition's row.
func (w *worker) neededReason(per *person, need *encNeed, setting int, d models.Date, encID string, s *distributions.Stream) string {
	if need.reasonPres >= 0 {
		return w.presentingCondition(per, need.reasonPres, setting, d, encID, s)
	}
	for k := range per.conds {
		if per.conds[k].plan.idx == need.reasonCond {
			return per.conds[k].id
		}
	}
	return ""
}

// admitFor adds an emergency admission on day d for the need's reason (or
// one drawn as usual), reporting whether the stay fitted.
func (w *worker) admitFor(per *person, need *encNeed, d models.Date, age int, s *distributions.Stream) bool {
	if !need.reasoned() {
		return w.emergencyAdmission(per, d, age, "", s)
	}
	d = w.reasonDay(per, need, d)
	if !w.emergencyAdmission(per, d, age, reasonPending, s) {
		return false
	}
	last := len(w.b.Encounters) - 1
	adm := &w.b.Encounters[last]
	reason := w.neededReason(per, need, presEmergency, adm.StartTime.Date(), adm.EncounterID, s)
	for i := last; i >= 0 && i >= last-1; i-- { // the admission, and the A&E attendance it came through
		if w.b.Encounters[i].ReasonConditionID == reasonPending {
			w.b.Encounters[i].ReasonConditionID = reason
		}
	}
	return true
}

// aeFor adds an A&E attendance on or after day d (after any stay in the
// way) for the need's reason.
func (w *worker) aeFor(per *person, need *encNeed, d models.Date, s *distributions.Stream) {
	d = w.reasonDay(per, need, d)
	start := anyHour(d, s)
	for end, in := inStay(per, start); in; end, in = inStay(per, start) {
		start = anyHour(end.Date()+1, s)
	}
	if start.Date() > per.anchor {
		return
	}
	end := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
	encID := w.addEncounter(per, encAE, settingAE, start, end, "", "")
	k := len(w.b.Encounters) - 1
	w.b.Encounters[k].ReasonConditionID = w.neededReason(per, need, presAE, start.Date(), encID, s)
}
