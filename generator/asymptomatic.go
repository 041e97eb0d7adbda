package generator

import "slices"

// asymptomaticFollowUps types each practice contact about a condition that
// causes no symptom of its own (catalogue asymptomatic: osteoporosis, found
// by a DXA scan or after a fracture) a follow-up instead of an encounter for
// a symptom: its diagnosis read from the scan or the discharge letter, and
// the later contacts about its treatment. Before, 372 of 1,186 practice
// contacts about osteoporosis read "Encounter for symptom" (generate
// -n 20000 -s 83; h61g). In end-of-life care a contact keeps its type: no
// routine follow-up is held then. Runs once every contact is written; no
// random draw.
func (w *worker) asymptomaticFollowUps(per *person) {
	p := w.plan
	var ids []string
	for r := per.condFrom; r < len(w.b.Conditions); r++ {
		c := &w.b.Conditions[r]
		if ci, ok := p.condIndex[c.ConditionKey]; ok && p.conds[ci].Asymptomatic {
			ids = append(ids, c.ConditionID)
		}
	}
	if len(ids) == 0 {
		return
	}
	symptom, review := &p.encTypes[encGPProblem], &p.encTypes[encChronicReview]
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		e := &w.b.Encounters[k]
		if e.Setting == settingGP && e.TypeCode == symptom.Code && slices.Contains(ids, e.ReasonConditionID) && !per.inEndOfLifeCare(e.StartTime.Date()) {
			e.TypeCode, e.TypeDisplay = review.Code, review.Display
		}
	}
}
