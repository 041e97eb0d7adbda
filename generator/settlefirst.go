package generator

import "github.com/code4health/cohortgen/models"

// Urate-lowering therapy is not started during the attack that diagnoses
// gout: NICE NG219 1.5 offers it once the flare has settled, usually 2-4
// weeks after (h69f). On main 103 of 335 first allopurinol issues
// (generate -n 20000 -s 83) were on the day gout was diagnosed, at the
// flare contact. A condition with settle_first holds back a treated
// person's first line at its diagnosis and starts it at a follow-up
// settle_first.days later (the held-back start of lifestyle.go, whose
// follow-up review measures the condition's readings: the urate and eGFR).

// holdsToSettle reports whether the first line of the condition reviewed
// at ev, due at its diagnosis on day d, waits for the attack to settle, and
// if so books the follow-up that starts it (the next routine review starts
// it when that comes first). The day is drawn from a stream of its own.
func (w *worker) holdsToSettle(per *person, ev reviewEvent, d models.Date) bool {
	hc := &per.conds[ev.cond]
	sf := hc.plan.SettleFirst
	if sf == nil || !ev.diag || hc.line >= 0 || hc.line < hc.forced {
		return false
	}
	s := per.stream(w.plan.Opts.Seed, purposeSettleFirst, uint64(hc.plan.idx))
	hc.startAt = d + models.Date(between(sf.Days, &s))
	if hc.startAt < ev.next {
		w.lifestyleEvent = reviewEvent{day: hc.startAt, next: ev.next, cond: ev.cond, due: true, lifestyle: true}
	}
	return true
}
