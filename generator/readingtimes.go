package generator

import "github.com/code4health/cohortgen/models"

// readingsWithinContacts moves each reading (from row o0 on) that its
// writer timed after its contact ended back to the contact's end: a
// sample is taken while the patient is there. Writers time a contact's
// readings a minute apart from a few minutes in, and some lists are longer
// than the contact: a dementia diagnosis's eleven tests at a ten-minute GP
// appointment (161 people's B12 and folate after the appointment ended,
// generate -n 30000 -s 23), and the pneumonia readings of an admission a
// minute before the death came after it (audit events-after-death, -s 47).
// Encounters still open (no end time) have no end to keep to.
func (w *worker) readingsWithinContacts(per *person, o0 int) {
	ends := w.contactEnds
	clear(ends)
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.EndTime >= e.StartTime {
			ends[e.EncounterID] = e.EndTime
		}
	}
	lastID, lastEnd, ok := "", models.Timestamp(0), false
	for i := o0; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.EncounterID == "" {
			continue
		}
		if o.EncounterID != lastID { // a contact's readings are written together
			lastID = o.EncounterID
			lastEnd, ok = ends[lastID]
		}
		if ok && o.EffectiveTime > lastEnd {
			o.EffectiveTime = lastEnd
		}
	}
}
