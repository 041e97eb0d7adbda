package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// readingsWithinContacts moves each reading (from row o0 on) that its
// writer timed after its contact ended back to the contact's end: a
// sample is taken while the patient is there. Writers time a contact's
// readings a minute apart from a few minutes in, and some lists are longer
// than the contact: a dementia diagnosis's eleven tests at a ten-minute GP
// appointment (161 people's B12 and folate after the appointment ended,
// generate -n 30000 -s 23), and the pneumonia readings of an admission a
// minute before the death came after it (audit events-after-death, -s 47).
// Encounters still open (no end time) have no end to keep to.
//
// The ends are kept by the encounter id's sequence number (rowSeq), as
// setPrescribers keeps practitioners: a slice reused from patient to
// patient rather than a map of ids filled for each.
func (w *worker) readingsWithinContacts(per *person, o0 int) {
	const none = models.Timestamp(math.MinInt64)
	ends := w.contactEnds[:0]
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		e := &w.b.Encounters[i]
		if e.EndTime < e.StartTime { // still open: its id is not parsed
			continue
		}
		k := rowSeq(e.EncounterID)
		if k < 0 {
			continue
		}
		for len(ends) <= k {
			ends = append(ends, none)
		}
		ends[k] = e.EndTime
	}
	w.contactEnds = ends
	for i := o0; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if k := rowSeq(o.EncounterID); k >= 0 && k < len(ends) && ends[k] != none && o.EffectiveTime > ends[k] {
			o.EffectiveTime = ends[k]
		}
	}
}
