package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// flare is an exacerbation of a condition held (a presentation that requires
// it): an emergency admission with one, or one treated by the GP or in A&E.
// All are drawn before care is simulated (hospital stays, exacerbations.go),
// so a review can count those since the previous one (catalogue
// care_target.exacerbations).
type flare struct {
	cond    int // catalogue condition index
	day     models.Date
	setting int // presEmergency (admitted), presGP or presAE
}

// exacerbationsMiss reports how the person's exacerbations of catalogue
// condition ci count at a review on day d, the previous one on day last:
// one since then misses the target once (as a reading would: a second miss
// in a row steps up), and now when they reach the rule's threshold (Admitted
// emergency admissions with one since then, or Treated ones in any setting
// in the WithinDays up to d, one of them since then), which steps up at this
// review.
func exacerbationsMiss(per *person, ci int, r *datasets.ExacerbationRule, last, d models.Date) (miss, now bool) {
	admitted, treated := 0, 0
	for _, f := range per.flares {
		if f.cond != ci || f.day > d {
			continue
		}
		if f.day > last {
			miss = true
			if f.setting == presEmergency {
				admitted++
			}
		}
		if r.WithinDays > 0 && f.day > d-models.Date(r.WithinDays) {
			treated++
		}
	}
	now = miss && ((r.Admitted > 0 && admitted >= r.Admitted) || (r.Treated > 0 && treated >= r.Treated))
	return miss, now
}

// targetHandedOver reports whether the person holds, by day d, a condition
// whose pathway steps up treatment in place of condition c's target
// (care_target not_with: asthma with COPD).
func targetHandedOver(per *person, c *condPlan, d models.Date) bool {
	for _, ci := range c.notWith {
		if k := heldIndex(per, ci); k >= 0 && per.conds[k].onset <= d {
			return true
		}
	}
	return false
}

// startAfterFlares starts the first line of condition ci for a person not
// yet treated when the target's flares_start calls for it at the review on
// day d (u: the review's uniform draw), and reports whether it did.
// An offer not taken (u at or above the share) is the person's decision:
// the review codes flares_start declined (w.flaresDeclined), so that no
// record with recurrent flares is silent about the offer (issue 9).
func (w *worker) startAfterFlares(per *person, ci int, d models.Date, egfr, u float64, s *distributions.Stream) bool {
	hc := &per.conds[ci]
	fs := hc.plan.CareTarget.FlaresStart
	if fs == nil || hc.line >= 0 {
		return false
	}
	rule := datasets.ExacerbationRule{Treated: fs.Flares, WithinDays: fs.WithinDays}
	if miss, _ := exacerbationsMiss(per, hc.plan.idx, &rule, hc.lastReview, d); !miss || flaresCounted(per, hc, fs, d) < fs.Flares {
		return false
	}
	if u >= fs.Share {
		w.flaresDeclined = fs.Declined
		return false
	}
	w.startLine(per, ci, 0, d, egfr, s)
	if hc.line < 0 { // no drug suits today (a contraindication): its reason is the line's own
		return false
	}
	return true
}

// flaresStartFollowUps books a review of condition ci some weeks after each
// flare that makes its flares_start offer due (the Flares-th in WithinDays)
// for a person not treated from the diagnosis (NICE NG219 1.5: discuss and
// start ULT once a flare has settled, 2-4 weeks on), unless a review of the
// condition falls between the flare and that day. A stream of its own
// (purposeFlaresFollowUp), so no other draw moves.
func (w *worker) flaresStartFollowUps(per *person, events []reviewEvent, from, ci int) []reviewEvent {
	hc := &per.conds[ci]
	t := hc.plan.CareTarget
	if t == nil || t.FlaresStart == nil || t.FlaresStart.FollowUp == nil || hc.treated {
		return events
	}
	fs := t.FlaresStart
	s := per.stream(w.plan.Opts.Seed, purposeFlaresFollowUp, uint64(ci))
	routine := events[from:]
	for _, f := range per.flares {
		if f.cond != hc.plan.idx || flaresCounted(per, hc, fs, f.day) < fs.Flares {
			continue
		}
		day := f.day
		for _, st := range per.stays { // admitted: seen after discharge
			if st.start.Date() <= f.day && st.end.Date() >= f.day {
				day = st.end.Date()
			}
		}
		day += models.Date(between(*fs.FollowUp, &s))
		if day > per.lastDay || reviewedBetween(routine, f.day+1, day) {
			continue
		}
		next := models.NoDate
		for _, ev := range routine {
			if ev.day > day && (next == models.NoDate || ev.day < next) {
				next = ev.day
			}
		}
		if next == models.NoDate && len(routine) > 0 {
			next = routine[len(routine)-1].next // after the last: the one beyond the record
		}
		if next == models.NoDate || next-day <= w.combineDays() {
			continue // the next review is as near (it counts the flare), or none comes
		}
		events = append(events, reviewEvent{day: day, next: next, cond: ci, due: true})
		routine = events[from:]
	}
	return events
}

// flaresCounted counts the flares of held condition hc in flares_start's
// WithinDays up to day d, the diagnosis among them when the rule says it was
// made at a flare (diagnosis_flare: gout is diagnosed at an acute attack).
func flaresCounted(per *person, hc *heldCondition, fs *datasets.FlaresStart, d models.Date) int {
	from := d - models.Date(fs.WithinDays)
	n := 0
	for _, f := range per.flares {
		if f.cond == hc.plan.idx && f.day <= d && f.day > from {
			n++
		}
	}
	if fs.DiagnosisFlare && hc.onset <= d && hc.onset > from {
		n++
	}
	return n
}
