package generator

// Long-term starts beside an interacting medicine (prescribing.yaml
// interactions with long_term; brief h71b, issue 9). The checks of
// interactions.go followed short courses only: a thiazide or an ACE
// inhibitor started beside lithium had no early level (4 of 4 starts at
// generate -n 20000 -s 83 with none within 4 weeks). Both reduce lithium's
// renal clearance and raise the level (BNF interactions); NICE CG185 asks
// for a level a week after starting an interacting drug. A long-term
// course's first day (not a change of its dose) is now checked as a short
// course's is, once every course is written.

// longTermChecks books the checks of the long-term courses that started in
// the record beside a running medicine they interact with.
func (w *worker) longTermChecks(per *person) {
	for k := range per.courses {
		c := &per.courses[k]
		if c.start < per.firstDay || !hasLongTermCheck(c.meds) || carriesOn(per, c) {
			continue
		}
		w.interactionCheck(per, c.meds, c.start, true)
	}
}

// hasLongTermCheck reports whether m has an interaction monitored after a
// long-term start.
func hasLongTermCheck(m *medPlan) bool {
	for _, in := range m.interactions {
		if in.long && !in.avoid {
			return true
		}
	}
	return false
}
