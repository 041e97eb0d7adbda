package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A line planned but never started because the prescribing rules bar it
// (bisoprolol at a pulse under 60, or beside asthma) had nothing on the
// record to say why (brief h71e): after the not_taken reasons of the lines
// not reached (linenottaken.go) the people left without a beta-blocker
// after an MI were those with a slow pulse (43-57/min) or asthma, the
// grounds the bisoprolol SmPC 4.3 contraindicates it on. Nothing is drawn.

// codeLineBarred codes, once, at a review of condition ci, why a line
// planned to start by now is not given: none of its medicines has run for
// the person, none of its classes runs now, and the record shows the
// grounds of one of its reasons ("Beta blocker contraindicated" beside a
// latest pulse under 60 or asthma). A line its needs hold (hc.unmet) is not
// offered at all.
func (w *worker) codeLineBarred(per *person, ci int, encID string, t models.Timestamp) {
	hc := &per.conds[ci]
	d := t.Date()
	for _, pl := range hc.planned {
		li := pl.line
		if li >= 8 || pl.start > d || hc.lineBarred&(1<<li) != 0 || hc.unmet&(1<<li) != 0 {
			continue
		}
		rs := lineReasons(hc, li)
		if len(rs) == 0 || w.lineEverRan(per, &hc.plan.lines[li], d) {
			continue
		}
		for k := range rs {
			if rs[k].Grounded() && w.hasGrounds(per, &rs[k], d) {
				hc.lineBarred |= 1 << li
				w.codeReasonAt(per, encID, t, &rs[k])
				break
			}
		}
	}
}

// lineReasons is why line li may not be given: the onset event's reasons
// for a condition that presented with it (a beta-blocker after an MI), else
// the line's own not_taken.
func lineReasons(hc *heldCondition, li int) []datasets.UntreatedReason {
	if hc.presented && hc.plan.OnsetEvent != nil {
		if rs := eventNotTaken(hc.plan, li); len(rs) > 0 {
			return rs
		}
	}
	return hc.plan.lines[li].NotTaken
}

// lineEverRan reports whether a medicine of the line has run for the person
// by day d, or one of its classes runs on d (bisoprolol for AF serves heart
// failure too).
func (w *worker) lineEverRan(per *person, line *linePlan, d models.Date) bool {
	for _, m := range line.meds {
		if m == nil {
			continue
		}
		if w.covered(per, m, d) >= 0 {
			return true
		}
		for k := range per.courses {
			if c := &per.courses[k]; c.med == m.med && c.start <= d {
				return true
			}
		}
	}
	return false
}
