package generator

import (
	"github.com/code4health/cohortgen/models"
)

// childContactMeasures records, at a child's face-to-face GP appointment
// given a long-term condition held as its reason (childCheckups), what the
// clinician measures in the room for it: the condition's at_contact review
// readings the child is old enough for (a peak flow from 5 at a contact
// about asthma), and the inhaler technique check of a child using an
// inhaler (catalogue reviews class_check). A GP reading a child's asthma
// contact found nothing on it but the encounter: 3,000 of 4,600 GP contacts
// about asthma under 18 and no peak flow for any child (generate -n 20000
// -s 83; NICE NG245 / BTS-SIGN: peak flow from 5, inhaler technique at every
// review). Unlike an adult's contact (contactMeasurements) a condition with
// nothing for the room records nothing: no blood pressure for a child's
// eczema. Its draws come from a stream of its own, per contact, so no other
// reading moves.
func (w *worker) childContactMeasures(per *person, e int) {
	x := &w.b.Encounters[e]
	if x.TypeCode == w.plan.encTypes[encGPTelephone].Code {
		return // a telephone call measures nothing
	}
	k := heldRow(per, x.ReasonConditionID)
	if k < 0 {
		return
	}
	c := per.conds[k].plan
	t := x.StartTime.AddMinutes(5)
	s := per.stream(w.plan.Opts.Seed, purposeChildContact, uint64(rowSeq(x.EncounterID)))
	for _, slot := range c.atContact {
		if w.monitoringStopped(per, slot, t.Date()) {
			continue // end-of-life care: no routine measurement
		}
		w.observe(per, x.EncounterID, t, slot, &s) // observable: the peak flow from 5
	}
	if cc := c.Reviews.ClassCheck; cc != nil && !w.codedNear(per, c.classCheck.Snomed, t.Date(), cc.EveryDays) {
		w.classCheck(per, c, x.EncounterID, t.AddMinutes(1)) // (written after the reviews: none near it either side)
	}
}

// codedNear reports whether the person's record holds code within days of
// d, before or after: the children's contacts are written after the
// reviews, whose later checks a check now must not crowd.
func (w *worker) codedNear(per *person, code string, d models.Date, days int) bool {
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; o.SnomedCode == code {
			if od := o.EffectiveTime.Date(); od > d-models.Date(days) && od < d+models.Date(days) {
				return true
			}
		}
	}
	return false
}
