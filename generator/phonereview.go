package generator

// phoneReview records, at GP telephone contact e about a long-term
// condition the person holds, what the clinician asks by telephone when the
// call has recorded nothing else (catalogue reviews by_phone: the Asthma
// Control Test score and smoking status for asthma). Nothing is measured:
// a telephone call takes no peak flow or blood pressure. Before, 2,110 of
// 8,327 adults' telephone contacts about asthma recorded nothing at all
// (generate -n 20000 -s 83; brief h55c). Its own stream, keyed by the day, so no other
// reading moves.
func (w *worker) phoneReview(per *person, e, obsFrom int) {
	enc := &w.b.Encounters[e]
	k := heldRow(per, enc.ReasonConditionID)
	if k < 0 || len(per.conds[k].plan.byPhone) == 0 {
		return
	}
	for i := obsFrom; i < len(w.b.Observations); i++ {
		if w.b.Observations[i].EncounterID == enc.EncounterID {
			return // a query about a repeat or a result: recorded already
		}
	}
	t := enc.StartTime.AddMinutes(3)
	s := per.stream(w.plan.Opts.Seed, purposePhoneReview, uint64(t.Date()))
	for _, slot := range per.conds[k].plan.byPhone {
		w.observe(per, enc.EncounterID, t, slot, &s)
	}
}
