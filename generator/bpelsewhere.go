package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Blood pressure read at another condition's review (h60b, issue 9). The
// hypertension pathway decided only at hypertension reviews: a CHD,
// diabetes, CKD or stroke review that read 160 or more (stage 2, NICE
// NG136) in a person with hypertension left it to the next hypertension
// review, most of a year later, with nothing started, stepped or booked.
// A GP reading such a blood pressure acts on it there. So when the
// reviewing condition is one whose reviews can find hypertension
// (at_diagnosis.found.at_reviews_of) and the reading is in the care
// target's high band (care_target.high.at_other_reviews), the
// hypertension review joins that appointment: the same decision (treat,
// with its escalation, decline and recheck) made on the same reading, not
// a copy of it.

// resolveElsewhere checks that a target acted on at other reviews names
// them: the conditions that can find it.
func (p *Plan) resolveElsewhere(cp *condPlan) error {
	t := cp.CareTarget
	if t == nil || t.High == nil || !t.High.AtOtherReviews {
		return nil
	}
	if cp.found == nil {
		return fmt.Errorf("catalogue: condition %s: care_target.high.at_other_reviews needs at_diagnosis.found (the reviews that read it)", cp.Key)
	}
	return nil
}

// bloodPressureElsewhere is called at a recorded review of condition ci at
// time t, after its observations: for each diagnosed condition whose high
// band this review's reading reaches (see above), its review is booked at
// the same appointment (w.bpEvent, inserted by careFrom after this one).
// No draw is made here.
func (w *worker) bloodPressureElsewhere(per *person, ci int, t models.Timestamp) {
	d := t.Date()
	by := per.conds[ci].plan
	if w.joint.enc == "" || w.joint.enc != w.curEnc || per.inEndOfLifeCare(d+eolReviewMargin) {
		return // not a review appointment others may join
	}
	for k := range per.conds {
		hk := &per.conds[k]
		c := hk.plan
		tg := c.CareTarget
		if k == ci || tg == nil || tg.High == nil || !tg.High.AtOtherReviews || c.found == nil || !c.found.at[by.idx] {
			continue
		}
		if hk.onset > d || hk.id == "" || hk.resolved != 0 && d >= hk.resolved || hk.seenOn >= d || !reviews(by, c.targetSlot) {
			continue // not diagnosed yet (found.go reads it then), or reviewed today
		}
		recorded := per.hasLast[c.targetSlot] && per.lastAt[c.targetSlot] == t
		if !recorded || !reviewAge(per, c, d) {
			continue
		}
		miss := !tg.HighAt(per.lastVal[c.targetSlot])
		if miss && !w.missElsewhere(per, hk, per.lastVal[c.targetSlot], d) {
			continue
		}
		w.bpEvent = reviewEvent{day: d, cond: k, bp: true, miss: miss} // next: careFrom, from the pending events
		return
	}
}

// bpStream is the stream of the review a high reading at another
// condition's review booked: its draws are its own, so no other moves.
func (w *worker) bpStream(per *person, ev reviewEvent) distributions.Stream {
	s := per.stream(w.plan.Opts.Seed, purposeBPElsewhere, uint64(ev.day), uint64(ev.cond))
	s.Uint64() // past the day's draw
	return s
}

// missElsewhere applies a reading v below the high band, at another
// condition's review on day d, to the run of misses of condition hk's care
// target (care_target miss_at_other_reviews; h62f): at the target it ends
// the run, above it on treatment it is a miss, and a second in a row (the
// last reading at a review, here or there, above it too) reports true, so
// that hk's review joins the appointment and decides the step up there.
// A GP found a man on three antihypertensives read at 144-156 at five heart
// failure, AF and diabetes reviews in a year, his hypertension reviewed once
// a year and nothing changed (h62f; -n 3000 -s 31). No draw is made here.
func (w *worker) missElsewhere(per *person, hk *heldCondition, v float64, d models.Date) bool {
	tg := hk.plan.CareTarget
	if !tg.MissAtOtherReviews || hk.line < 0 || hk.exhausted && !referDueAgain(hk, d) {
		return false // on the exhausted pathway only a referral is left to decide (h63f)
	}
	limit := max(tg.LimitAt(per.ageOn(d)), w.relaxedTarget(per, tg, d)) // as the review reads it (care.go treat)
	if v <= limit {
		hk.missed = false
		return false
	}
	if !hk.missed {
		hk.missed = true // the first: the next reading at a review decides
		return false
	}
	return true
}

// ownReviewJoins: the review is not brought in (a high reading's or a
// miss's) when the condition's own next review is due within combineDays
// of the appointment: that review joins it (recall.go joinsReview) and
// decides on the same reading (a miss's run already counted). Brought in,
// it marked the condition seen that day, and its own review, no longer
// joining, was held days later at a visit of its own (h63f: h62f took
// TestReviewsDueTogetherShareAnAppointment from 331 to 370 of 33,535).

// missStream is the stream of the follow-up a miss review (ev.miss) books
// after a step up: keyed apart from bpStream, and from the care stream
// every condition's reviews share, so that a step taken at another
// condition's appointment moves no draw of theirs (h63f: on the merged
// tree the follow-up's draw from the shared stream moved the later
// reviews of every condition, and tests far from it failed).
func (w *worker) missStream(per *person, ev reviewEvent) *distributions.Stream {
	s := per.stream(w.plan.Opts.Seed, purposeBPElsewhere, uint64(ev.day), uint64(ev.cond), 1)
	return &s
}

// missFollowUpNear reports whether a pending review of a condition whose
// reviews read blood pressure for condition fu.cond (at_diagnosis.found
// at_reviews_of) falls within combineDays of the follow-up fu: that review
// reads it, and a reading above the target there is a miss in the run
// (missElsewhere), so it checks the step's effect. A follow-up of its own
// days from it was a second appointment within a fortnight (h63f: h62f's
// follow-ups took TestReviewsDueTogetherShareAnAppointment to 357 of
// 33,373).
func (w *worker) missFollowUpNear(per *person, pending []reviewEvent, fu reviewEvent) bool {
	found := per.conds[fu.cond].plan.found
	if found == nil {
		return false
	}
	window := w.combineDays()
	for _, e := range pending {
		if e.day > fu.day+window {
			break // pending events are in day order
		}
		by := per.conds[e.cond].plan
		if e.day >= fu.day-window && !e.eol && e.clinic == nil && !e.specialist && found.at[by.idx] && reviews(by, per.conds[fu.cond].plan.targetSlot) {
			return true
		}
	}
	return false
}

// referDueAgain reports whether a referral rule of the exhausted pathway
// that refers again (again_after_years, resistant.go) last referred that
// many years before day d: a second miss in a row at another condition's
// review seeks the specialist's advice again there (NICE NG136: seek
// specialist advice when uncontrolled on four drugs; h63f). Within those
// years the clinic's plan stands and the review is not brought in.
func referDueAgain(hc *heldCondition, d models.Date) bool {
	for k := range hc.plan.referrals {
		r := &hc.plan.referrals[k]
		if r.WhenExhausted && r.AgainAfterYears > 0 && hc.referred&(1<<k) != 0 && float64(d-hc.referredOn) >= r.AgainAfterYears*365.25 {
			return true
		}
	}
	return false
}
