package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Antihypertensives kept to the last weeks of life (h56a, issue 9). The
// register review (fewer_drugs) stopped them months before death: a woman
// dying of oesophageal cancer eight months after the stop read 181-196 at
// seven home visits with nothing done. A fewer_drugs entry with last_days
// now stops its lines at a second review in the last weeks of an expected
// death (NICE NG31), or at the register review when death is that near or
// the blood pressure read there has fallen (stop_below). Once stopped, the
// home visit's examination no longer takes the readings nobody would act
// on (then_unmeasured).

// lateStopPlan is a fewer_drugs entry kept to the last weeks, resolved.
type lateStopPlan struct {
	f     *datasets.FewerDrugs
	below int   // the stop_below reading's slot (-1: none)
	exam  []int // the examination taken for the lines' sake (then_unmeasured, the reading's slot among them)
}

// resolveLateStops resolves the fewer_drugs entries with last_days.
func (p *Plan) resolveLateStops() error {
	eol := p.Cat.EndOfLife
	if eol == nil {
		return nil
	}
	for i := range eol.FewerDrugs {
		f := &eol.FewerDrugs[i]
		if f.LastDays == 0 {
			continue
		}
		ls := lateStopPlan{f: f, below: -1}
		if b := f.StopBelow; b != nil {
			k, ok := p.obsIndex[b.Observation]
			if !ok {
				return fmt.Errorf("catalogue: end_of_life fewer_drugs %s: no observation %q", f.Condition, b.Observation)
			}
			ls.below = k
			ls.exam = append(ls.exam, k)
		}
		for _, o := range f.ThenUnmeasured {
			k, ok := p.obsIndex[o]
			if !ok {
				return fmt.Errorf("catalogue: end_of_life fewer_drugs %s: no observation %q", f.Condition, o)
			}
			if !slices.Contains(ls.exam, k) {
				ls.exam = append(ls.exam, k)
			}
		}
		p.eolLate = append(p.eolLate, ls)
	}
	return nil
}

// dyingReviewDay is the day of the medicines review of the last weeks of
// an expected death (the longest last_days before it), 0 when there is
// none: no such entry, no death, or the register review already falls in
// those weeks.
func (w *worker) dyingReviewDay(per *person) models.Date {
	if per.death == models.NoDate || per.deprescribe == 0 {
		return 0
	}
	days := 0
	for _, ls := range w.plan.eolLate {
		days = max(days, ls.f.LastDays)
	}
	day := per.death - models.Date(days)
	if days == 0 || day <= per.deprescribe {
		return 0
	}
	return day
}

// reviewLateStops decides, at the register review on day d (its visit
// begun at start, zero when there was none), on the lines kept to the last
// weeks: they stop now when death is within last_days, or when the blood
// pressure taken at the visit (the examination, by its own stream) is below
// stop_below; otherwise they run on to the review of the last weeks.
func (w *worker) reviewLateStops(per *person, d models.Date, start models.Timestamp) {
	for i := range w.plan.eolLate {
		ls := &w.plan.eolLate[i]
		if !w.runsEntry(per, ls.f, d) {
			continue
		}
		now := per.death != models.NoDate && per.death-d <= models.Date(ls.f.LastDays)
		if !now && ls.below >= 0 && start != 0 && d >= per.firstDay && w.curEnc != "" && !w.examinationStopped(per, ls.below, d) {
			s := per.stream(w.plan.Opts.Seed, purposeDyingMedicines, 0)
			for _, slot := range ls.exam {
				if !w.measuredAt(per, w.curEnc, slot) {
					w.observe(per, w.curEnc, start.AddMinutes(4), slot, &s)
				}
			}
			v, ok := w.recordedAt(per, ls.below, w.curEnc)
			now = ok && v < ls.f.StopBelow.Below
		}
		if now && w.stopLines(per, ls.f, d) {
			per.lateStopped = d
		}
	}
}

// dyingMedicines is the medicines review of the last weeks of an expected
// death (day d), at a GP home visit about the condition the death is
// attributed to: the lines kept to these weeks stop (NICE NG31: medicines
// no longer of benefit). No visit is booked when none of them runs. Its
// draws are its own, so no other record moves.
func (w *worker) dyingMedicines(per *person, hc *heldCondition, d models.Date) {
	runs := false
	for i := range w.plan.eolLate {
		runs = runs || w.runsEntry(per, w.plan.eolLate[i].f, d)
	}
	if !runs {
		return
	}
	w.curEnc = ""
	reason := hc.id
	if per.causeBackground >= 0 {
		reason = per.causeID
	}
	s := per.stream(w.plan.Opts.Seed, purposeDyingMedicines, 1)
	if id, start, ok := w.gpVisit(per, d, encGPHomeVisit, reason, &s); ok {
		w.curEnc, d = id, max(start.Date(), d)
		if d >= per.firstDay && repeatMedicines(per, d) > 0 {
			w.b.Observations = append(w.b.Observations, w.observation(per, id, start.AddMinutes(3), &w.plan.medReviews.done))
			per.medReviewedOn = d
		}
	}
	for i := range w.plan.eolLate {
		if w.stopLines(per, w.plan.eolLate[i].f, d) {
			per.lateStopped = d
		}
	}
}

// runsEntry reports whether a course of the entry's lines runs on day d.
func (w *worker) runsEntry(per *person, f *datasets.FewerDrugs, d models.Date) bool {
	for k := range per.courses {
		if w.ofEntry(per, k, f, d) {
			return true
		}
	}
	return false
}

// unmeasuredAfterStop reports whether observation slot is an examination
// a home visit on day d no longer takes: the lines it watched have stopped
// (then_unmeasured).
func (w *worker) unmeasuredAfterStop(per *person, d models.Date, slot int) bool {
	if per.lateStopped == 0 || d < per.lateStopped {
		return false
	}
	for i := range w.plan.eolLate {
		if slices.Contains(w.plan.eolLate[i].exam, slot) {
			return true
		}
	}
	return false
}
