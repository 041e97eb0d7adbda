package generator

import "github.com/code4health/cohortgen/models"

// A venous thromboembolism rules out the combined pill and oral HRT
// (prescribing.yaml contraception_eligibility vte: UKMEC 4; NICE NG23
// transdermal). vte.go writes the DVT or PE straight to the conditions
// table, before the hormone courses are drawn (worker.go), so the courses
// read it there.

// vteOnsetIn is the first onset in [from, to] of a DVT or PE recorded for
// the person; 0 when none.
func (w *worker) vteOnsetIn(per *person, from, to models.Date) models.Date {
	v := w.plan.vte
	if v == nil {
		return 0
	}
	first := models.Date(0)
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		c := &w.b.Conditions[i]
		if c.ConditionKey != v.DVT.Key && c.ConditionKey != v.PE.Key || c.OnsetDate < from || c.OnsetDate > to {
			continue
		}
		if first == 0 || c.OnsetDate < first {
			first = c.OnsetDate
		}
	}
	return first
}
