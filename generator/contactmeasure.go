package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// contactMeasurements records, at a face-to-face GP contact about a
// long-term condition the person holds, what the clinician measures in the
// room for it when the contact has recorded nothing else: the condition's
// review observations marked at_contact in the catalogue (blood pressure
// for hypertension, peak flow for asthma, PHQ-9 for depression), or blood
// pressure for a condition with none (the commonest opportunistic
// measurement). Before this a GP read a check-up about hypertension with no
// blood pressure, nothing recorded (8,134 such check-ups and 20,800 other
// face-to-face contacts about a long-term condition on -n 20000 -s 5; tenth
// review).
func (w *worker) contactMeasurements(per *person, encID string, reason string, t models.Timestamp, obsFrom int, s *distributions.Stream) {
	k := heldRow(per, reason)
	if k < 0 {
		return
	}
	for i := obsFrom; i < len(w.b.Observations); i++ {
		if w.b.Observations[i].EncounterID == encID {
			return // measured already
		}
	}
	slots := per.conds[k].plan.atContact
	if len(slots) == 0 {
		slots = []int{w.plan.slots.systolic, w.plan.slots.diastolic}
	}
	for _, slot := range slots {
		w.observe(per, encID, t, slot, s)
	}
}
