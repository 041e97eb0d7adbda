package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// pendingClinicID stands for the id of a background clinic attendance while
// its reason is drawn (outpatientReason, which records nothing at the
// attendance: its rows go to the GP visit that refers). Half the attendances
// booked find no reason and are dropped, and formatting their ids up front
// was three in ten of the encounter ids formatted (issue 17, stop 50:
// 156,921 of 517,903 over 20 batches of seed 11). Never left in a written
// row: keepClinic replaces it.
const pendingClinicID = "(clinic attendance being decided)"

// pendingClinic books a background clinic attendance on or after day d
// as outpatient does for a reason not yet known: the row is appended with
// its id's sequence number taken (so every later row keeps its id) but the
// id not formatted. It returns the row's index, its day and the sequence
// number; false when no day fits before the last.
func (w *worker) pendingClinic(per *person, d models.Date, s *distributions.Stream) (int, models.Date, uint64, bool) {
	_, start, end, ok := clinicSlot(per, w.plannedDay(per, d), "", s) // drawn on a closed day: over the week after (plannedday.go)
	if !ok {
		return 0, 0, 0, false
	}
	seq := w.ids.take()
	w.appendEncounter(per, pendingClinicID, seq, encOutpatient, contactOf(encOutpatient), settingOutpatient, start, end, "", "")
	return len(w.b.Encounters) - 1, start.Date(), seq, true
}

// keepClinic gives the pending attendance at row e (sequence number seq)
// its id and reason.
func (w *worker) keepClinic(e int, seq uint64, reason string) {
	x := &w.b.Encounters[e]
	x.EncounterID, x.ReasonConditionID = w.ids.numbered(tagEncounter, seq), reason
}
