package generator

import "github.com/code4health/cohortgen/models"

// riseWrittenCounts moves the haemoglobins already written for later days
// at other contacts onto the course just started on day d (the person's
// last iron course): the count that started it is the level from there,
// rising at the published rate (anaemia.yaml rise over rise_days;
// ironRise). Brief h70b: a count written earlier in the record's order (a
// tiredness contact's bloods) read the level without the course, so 114
// g/L at an atrial fibrillation contact was followed by 134 seven days on
// (34 of 222 counts within 14 days of the start rose 15 g/L or more,
// generate -n 20000 -s 83), where BSG 2021 expects about 20 g/L in 3-4
// weeks. A count the change makes anaemic is answered as any (coded; iron
// runs already); an anaemic one stays as it was answered.
func (w *worker) riseWrittenCounts(per *person, encID string, d models.Date) {
	a := &w.plan.anaemia
	code := w.plan.obsCodes[a.slot].Snomed
	n := len(per.iron)
	course := per.iron[n-1]
	for j := per.obsFrom; j < len(w.b.Observations); j++ {
		o := &w.b.Observations[j]
		day := o.EffectiveTime.Date()
		if o.SnomedCode != code || o.Value == nil || day < d || o.EncounterID == encID ||
			*o.Value < a.threshold(per) { // an anaemic count was answered when written (coded, iron): it stays
			continue
		}
		with := w.ironRise(per, a.slot, day)
		per.iron = per.iron[:n-1]
		without := w.ironRise(per, a.slot, day)
		per.iron = append(per.iron, course)
		if with != without {
			w.raiseResult(o, a.slot, with-without)
			w.answerLowHaemoglobin(per, o.EncounterID, o.EffectiveTime, *o.Value)
		}
	}
}
