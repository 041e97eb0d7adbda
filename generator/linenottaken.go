package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A treatment line not reached by its chance (catalogue line not_taken) is
// given a coded reason: a beta-blocker for heart failure with a reduced
// ejection fraction contraindicated or declined. Before this, 9 of 48
// people with a reduced ejection fraction had no beta-blocker and nothing
// on the record to say why (generate -n 20000 -s 5; twentieth review).

// lineNotTaken notes that line li of the held condition was not reached and
// draws which of its reasons it was, from a stream of its own: none of the
// person's other draws moves.
func (w *worker) lineNotTaken(per *person, hc *heldCondition, li int) {
	if li >= len(hc.lineWhy) {
		return
	}
	rs := hc.plan.lines[li].NotTaken
	s := per.stream(w.plan.Opts.Seed, purposeLineNotTaken, uint64(hc.plan.idx), uint64(li))
	hc.lineNot |= 1 << li
	hc.lineWhy[li] = uint8(pickReason(rs, &s))
}

// pickReason draws one of the reasons by weight from s.
func pickReason(rs []datasets.UntreatedReason, s *distributions.Stream) int {
	total := 0.0
	for _, r := range rs {
		total += r.Weight
	}
	u := s.Float64() * total
	for i, r := range rs {
		if u -= r.Weight; u < 0 {
			return i
		}
	}
	return len(rs) - 1
}

// lineNotYetOffered reports whether every option of the line is dated after
// day d (dapagliflozin above 40% from NICE TA902): nothing was offered then,
// so nothing was declined (twenty-second review).
func lineNotYetOffered(line *linePlan, d models.Date) bool {
	for _, m := range line.meds {
		if m == nil || m.from <= d {
			return false
		}
	}
	return len(line.meds) > 0
}

// codeLineNotTaken codes, at the condition's first review in the record
// on or after its options' date,
// why each line not reached is not given, unless one of its medicines runs
// by then (for another condition: bisoprolol for angina serves heart
// failure too), when there is nothing to say.
func (w *worker) codeLineNotTaken(per *person, ci int, encID string, t models.Timestamp) {
	hc := &per.conds[ci]
	for li := range hc.lineWhy {
		if hc.lineNot&(1<<li) == 0 {
			continue
		}
		line := &hc.plan.lines[li]
		if lineNotYetOffered(line, t.Date()) {
			continue // its reason waits for a review after the guidance
		}
		hc.lineNot &^= 1 << li
		given := false
		for _, m := range line.meds {
			given = given || m != nil && w.covered(per, m, t.Date()) >= 0
		}
		if given {
			continue
		}
		rs := line.NotTaken
		if hc.eventNot&(1<<li) != 0 {
			rs = eventNotTaken(hc.plan, li) // the onset event's reasons (eventlines.go)
		}
		w.codeReasonAt(per, encID, t, w.groundedReason(per, rs, int(hc.lineWhy[li]), t.Date()))
	}
}

// groundedReason is reason i of rs when the record shows its grounds on day
// d (a condition of its with list held, or the latest reading of its
// reading before d at its level), else the first reason that asks for none:
// "Beta blocker contraindicated" stands beside asthma or a slow pulse, and
// someone with neither was not given it for another reason, coded as such
// (NICE NG106 1.4: a beta-blocker unless contraindicated or not tolerated;
// h63b). Nothing is drawn.
func (w *worker) groundedReason(per *person, rs []datasets.UntreatedReason, i int, d models.Date) *datasets.UntreatedReason {
	r := &rs[min(i, len(rs)-1)]
	if !r.Grounded() || w.hasGrounds(per, r, d) {
		return r
	}
	for k := range rs {
		if !rs[k].Grounded() {
			return &rs[k]
		}
	}
	return r
}

// hasGrounds reports whether the record shows reason r's grounds on day d.
func (w *worker) hasGrounds(per *person, r *datasets.UntreatedReason, d models.Date) bool {
	for _, k := range r.With {
		if heldOn(per, w.plan.condIndex[k], d) {
			return true
		}
	}
	if n := r.Reading; n != nil {
		if _, v, ok := w.latestReading(per, w.plan.obsIndex[n.Observation], d+1); ok && n.Met(v) {
			return true
		}
	}
	return false
}
