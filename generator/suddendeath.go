package generator

import (
	"github.com/code4health/cohortgen/models"
)

// recordUnexpectedDeath writes what the practice's record shows of a death
// outside hospital with no end-of-life care on it (a sudden death: a heart
// attack, an accident): the ambulance crew or the police, who verify it and
// report it to the coroner, telephone the practice on the day for the
// history, and the practice codes the death as unexpected (catalogue
// end_of_life.unexpected). A death in hospital or in the emergency
// department is recorded there, and an expected death is verified at a GP
// home visit (verification.go). Before this a sudden death at home left
// nothing on its day (442 of 1,807 deaths on -n 20000 -s 5; tenth review).
func (w *worker) recordUnexpectedDeath(per *person) {
	code := w.plan.deathUnexpected
	if code == nil || per.death == models.NoDate || per.death > per.lastDay || per.eolRegistered || diedInHospital(per) {
		return
	}
	var start models.Timestamp // after the day's other contacts
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		e := &w.b.Encounters[i]
		if e.StartTime.Date() != per.death && e.EndTime.Date() != per.death {
			continue
		}
		if e.Setting == settingAE || e.Setting == settingInpatient {
			return // died in the emergency department or on the ward
		}
		start = max(start, e.EndTime)
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 6)
	if at := anyHour(per.death, &s); at > start {
		start = at
	} else {
		start = start.AddMinutes(30 + s.IntN(90))
	}
	w.deathContact(per, encGPTelephone, start, 10, 2, code)
}
