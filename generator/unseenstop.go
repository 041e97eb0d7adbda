package generator

import "github.com/code4health/cohortgen/models"

// A medicine a condition rules out (prescribing.yaml contraindications with a
// condition) is stopped at the first review after the diagnosis, from the
// day the condition began (reviewSafety). A review that cannot be held
// before the record ends, because the patient is in hospital to its end or
// died there, stopped nothing: the repeat ran on beside the condition.
// Before (twenty-sixth review), generate -n 100000 -s 7 had a man admitted
// with a stroke on 2025-02-11 who stayed in to the end of the record with
// his febuxostat repeat open beside it (index 99759). The ward stops what
// the diagnosis rules out (model: medicines reconciliation on admission,
// NICE NG5, approx), from the same day the review would have. Twenty-seventh
// review: a stroke admitted four days before the record's end, its first
// review due after it, had no review event at all, and febuxostat ran on
// beside it (generate -n 100000 -s 1, index 40157): once the care is
// written, anything still running beside a condition that rules it out is
// stopped from the condition's onset.

// stopRuledOutUnseen stops each running course a condition held by day d
// (or the last day, if earlier) rules out, from the condition's onset.
func (w *worker) stopRuledOutUnseen(per *person, d models.Date) {
	d = min(d, per.lastDay)
	for k := range per.courses {
		c := &per.courses[k]
		if !c.running(d) || c.forced {
			continue
		}
		for _, ci := range c.meds.contraCnd {
			if h := heldIndex(per, ci); h >= 0 && per.conds[h].onset <= d {
				w.stopCourse(per, k, max(w.contraOnset(per, c.meds, d), c.start+1))
				break
			}
		}
	}
}
