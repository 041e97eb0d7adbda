package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A condition's reviews are written before the next condition's, so a
// result can be written after a start it precedes: a heart-failure
// follow-up's potassium of 5.1 on the 15th was written after coronary heart
// disease's review on the 16th had started candesartan, which the
// prescriber would not have done on that result (start_above; merge of stop
// 55: 1 of 7,195 starts at generate -n 100000 -s 1, hard rule
// raas-blocker-started-above-potassium-5). The prescriber read the record as
// it stood, so a reading that would be the latest before such a start is
// mirrored below start_above, as resultCeiling does for a scenario's forced
// medicine.

// startedCeiling is v, or its mirror below the start_above of the slot's
// result rule when v on day d would be the latest result before a start of
// a medicine that rule limits, already written.
func (w *worker) startedCeiling(per *person, slot int, v float64, d models.Date) float64 {
	rs := w.plan.stopOf[slot]
	if rs == nil || rs.StartAbove <= 0 || v <= rs.StartAbove {
		return v
	}
	if startedOrRaisedOn(per, rs, d) {
		return rs.StartAbove - (v - rs.StartAbove)
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.StartDate <= d {
			continue
		}
		g, ok := datasets.RegimenByDMD(rx.DMDCode)
		if !ok || !rs.LimitsStart(g.Medicine) || resultBetween(per, slot, d, rx.StartDate) {
			continue
		}
		if !w.groupActiveBefore(per, rs, g.Medicine, rx.StartDate) {
			return rs.StartAbove - (v - rs.StartAbove)
		}
	}
	return v
}

// resultBetween reports whether a result of the slot is recorded after day
// d and before day s (then it, not d's, is the latest before s).
func resultBetween(per *person, slot int, d, s models.Date) bool {
	for _, r := range per.stopSeen {
		if r.slot == slot && r.day > d && r.day < s {
			return true
		}
	}
	return false
}

// groupActiveBefore reports whether a medicine of key's group (the medicine
// itself when the rule names it, else the rule's start classes it belongs
// to) was active in the 28 days before day s: the issue on s then continues
// a course rather than starts one, as the audit judges a start.
func (w *worker) groupActiveBefore(per *person, rs *resultStopPlan, key string, s models.Date) bool {
	same := func(other string) bool {
		if slices.Contains(rs.StartMedicines, key) {
			return other == key
		}
		return slices.ContainsFunc(rs.StartClasses, func(c string) bool { return datasets.InClass(key, c) && datasets.InClass(other, c) })
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.StartDate >= s || (rx.EndDate != models.NoDate && rx.EndDate < s-28) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && same(g.Medicine) {
			return true
		}
	}
	return false
}

// A review decides its starts and dose steps on the results before its
// day, then takes the day's sample: the baseline bloods of a start
// (starttests.go) and a titration's monitoring potassium (monitoring.go)
// are drawn after the decision they sit beside. Before (h59a, issue 9), 92
// first issues and 221 dose increases of an ACE inhibitor, ARB or
// spironolactone stood beside their own visit's potassium above 5.0
// (generate -n 20000 -s 83), which no prescriber would have made on that
// result (NICE NG203 1.6, BNF). The decision stands for the sample it read
// as in range: the day's reading is mirrored below start_above, as a
// reading before a start already written is.

// startedOrRaisedOn reports whether a course of a medicine rs limits was
// started on day d, or had its dose raised then, by a decision already
// taken (first issued today, or to be issued at today's review).
func startedOrRaisedOn(per *person, rs *resultStopPlan, d models.Date) bool {
	for k := range per.courses {
		c := &per.courses[k]
		if c.reg == nil || !c.running(d) || !rs.LimitsStart(c.med.Key) || c.start != d && !startsAt(per, c, d) {
			continue
		}
		if !lowerOrSameStepOn(per, k, d) {
			return true
		}
	}
	return false
}

// lowerOrSameStepOn reports whether course k continues, on day d, a course
// of the same medicine that stopped that day at the same or a higher step:
// a dose lowered (halved for a mild potassium, a renal cap) or carried over
// to another ladder, not a start or an increase.
func lowerOrSameStepOn(per *person, k int, d models.Date) bool {
	c := &per.courses[k]
	for j := range per.courses {
		o := &per.courses[j]
		if j != k && o.med.Key == c.med.Key && o.stop == d && o.reg != nil && o.reg.Step >= c.reg.Step {
			return true
		}
	}
	return false
}
