package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Cover while a medicine is first started (prescribing.yaml start_cover):
// colchicine for the first six months of urate-lowering therapy, when
// flares are likeliest (NICE NG219). It is given at the review that starts
// the class (or one soon after), for the days left of the cover, at the
// dose the eGFR allows, and stops early if the medicine it covers stops.

// startCoverPlan is a resolved datasets.StartCover.
type startCoverPlan struct {
	rule   *datasets.StartCover
	with   *medPlan
	days   models.Date
	within models.Date
}

func (p *Plan) resolveStartCover(rules []datasets.StartCover) {
	for i := range rules {
		r := &rules[i]
		if m := p.medPlans[r.With]; m != nil { // no verified product: never given
			p.startCovers = append(p.startCovers, startCoverPlan{rule: r, with: m, days: models.Date(r.Days), within: models.Date(r.WithinDays)})
		}
	}
}

// startCover gives, at a review of condition k on day d, each cover due:
// a course of the class runs for the condition, the class was first
// started (by anyone's hand, before the record too) no more than within
// days ago, and the cover has not been given since.
func (w *worker) startCover(per *person, k int, d models.Date, egfr float64) {
	for i := range w.plan.startCovers {
		sc := &w.plan.startCovers[i]
		covered, first := -1, models.NoDate
		for j := range per.courses {
			c := &per.courses[j]
			if !c.meds.inClass(sc.rule.Class) {
				continue
			}
			if first == models.NoDate || c.start < first {
				first = c.start
			}
			if c.cond == k && c.running(d) {
				covered = j
			}
		}
		if covered < 0 || d-first > sc.within || d >= first+sc.days || w.coverGiven(per, sc, first) {
			continue
		}
		step, ok := sc.rule.StepAt(egfr)
		// (an acute course of it running today, a flare's, is not doubled)
		if !ok || !w.allowed(per, sc.with, d, egfr, -1) || w.medRunning(per, sc.with, d, d) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeStartCover, uint64(d))
		if j := w.startCourse(per, sc.with, k, -1, step, d, nil, egfr, &s); j >= 0 {
			c := &per.courses[j]
			c.stop, c.companionOf, c.cover = first+sc.days, per.courses[covered].meds, true
		}
	}
}

// coverGiven reports whether a course of the cover's medicine began on or
// after the class's first start as a cover.
func (w *worker) coverGiven(per *person, sc *startCoverPlan, first models.Date) bool {
	for j := range per.courses {
		if c := &per.courses[j]; c.meds == sc.with && c.cover && c.start >= first {
			return true
		}
	}
	return false
}

// coverRuns reports whether a course of m given as cover runs on day d: a
// flare's acute course of the same medicine is not added to it, and the
// contact's next choice serves (prednisolone when an NSAID is ruled out
// and colchicine cover runs).
func (w *worker) coverRuns(per *person, m *medPlan, d models.Date) bool {
	for j := range per.courses {
		if c := &per.courses[j]; c.cover && c.meds == m && c.running(d) {
			return true
		}
	}
	return false
}
