package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A condition defined by a measurement develops for years before the
// diagnosis drawn for it. Someone whose other conditions are reviewed with
// that measurement (blood pressure at every CHD, stroke, diabetes or CKD
// review) shows it crossing the threshold long before: a GP reading those
// reviews diagnoses it then (catalogue at_diagnosis.found).

// foundPlan is a condition's at_diagnosis.found, resolved.
type foundPlan struct {
	slot  int    // the defining observation
	at    []bool // by condition index: its reviews can find this condition
	after models.Date
	def   *datasets.Threshold
	// confirmed: found only with the confirm's earlier reading on the
	// record (twentieth review: CKD on a second eGFR below 60)
	confirmed bool
	coded     float64 // the share of people found whom the practice codes (1: all)
	onReading bool    // the reading alone finds it, the usual level short of the threshold or not
}

// past reports whether v is on the diagnostic side of the threshold.
func (f *foundPlan) past(v float64) bool {
	if f.def.AtLeast != nil {
		return v >= *f.def.AtLeast
	}
	return v < *f.def.Below
}

// resolveFound resolves the condition's at_diagnosis.found, if any.
func (p *Plan) resolveFound(cp *condPlan) error {
	c := cp.Condition
	if c.Diagnosis == nil || c.Diagnosis.Found == nil {
		return nil
	}
	f := c.Diagnosis.Found
	fp := &foundPlan{slot: p.obsIndex[c.DefinedBy.Observation], at: make([]bool, len(p.Cat.Conditions)),
		after: models.Date(f.AfterDays), def: c.DefinedBy, confirmed: f.Confirmed, coded: 1, onReading: f.OnReading}
	if f.CodedShare > 0 {
		fp.coded = f.CodedShare
	}
	for _, k := range f.AtReviewsOf {
		fp.at[p.condIndex[k]] = true // known: the catalogue check
	}
	cp.found = fp
	return nil
}

// findDeveloping is called at a recorded review of condition ci on day d,
// after its observations: a condition the person is developing but has not
// been diagnosed with, whose defining observation this review recorded past
// the threshold while the usual level is past it too, is marked to be
// diagnosed after the confirmation interval. Only a value recorded at the
// review's time t is read (no new draw: a child's blood pressure is not
// taken, and nothing is found).
func (w *worker) findDeveloping(per *person, ci int, t models.Timestamp) {
	d := t.Date()
	by := per.conds[ci].plan
	for k := range per.conds {
		hc := &per.conds[k]
		f := hc.plan.found
		if f == nil || hc.foundOn != 0 || hc.onset <= d || !f.at[by.idx] || developing(hc, d) == 0 || !reviews(by, f.slot) {
			continue
		}
		recorded := per.hasLast[f.slot] && per.lastAt[f.slot] == t
		if !recorded || !f.past(per.lastVal[f.slot]) || !f.onReading && !f.past(w.usualLevel(per, f.slot, d)) {
			continue
		}
		if cf := hc.plan.confirm; f.confirmed && (cf == nil || !confirmedOnly(w.confirmedBy(per, cf, d))) {
			continue // one reading: the practice waits for the second (NICE NG203)
		}
		day := d + f.after
		if day >= hc.onset || day > per.lastDay || (per.death != models.NoDate && day > per.death-lastWeeksDays) {
			continue
		}
		if f.coded < 1 && !w.foundCoded(per, hc) {
			continue
		}
		hc.foundOn = day
		hc.foundVal, hc.foundAt = per.lastVal[f.slot], t
	}
}

// foundReadingAgain makes the reading that found condition hc the latest of
// its slot again when the diagnosis is coded at the appointment that
// recorded it (time t). A condition's reviews are written before the next
// condition's, so the finding condition's later reviews have read the slot
// since, and the diagnosing review drew a reading of its own that was
// never written: CKD coded stage 3B on an unwritten eGFR of 44 at the
// hypertension review whose record shows 49 (3A) (merge of stop 55,
// TestCKDCodedWhenAReviewReadsTheSecondLowEGFR). No draw is made for it.
func (w *worker) foundReadingAgain(per *person, hc *heldCondition, t models.Timestamp) {
	f := hc.plan.found
	if f == nil || hc.foundAt != t || per.hasLast[f.slot] && per.lastAt[f.slot] == t {
		return
	}
	per.lastVal[f.slot], per.lastAt[f.slot], per.hasLast[f.slot] = hc.foundVal, t, true
}

// confirmedOnly drops confirmedBy's second result.
func confirmedOnly(ok bool, _ models.Date) bool { return ok }

// foundCoded reports whether the practice codes condition hc when its
// reviews' readings find it (found coded_share): one draw a person and
// condition, from a stream of its own, so it is the same at every review
// and no other draw moves.
func (w *worker) foundCoded(per *person, hc *heldCondition) bool {
	s := per.stream(w.plan.Opts.Seed, purposeFoundCoded, uint64(hc.plan.idx))
	return s.Bernoulli(hc.plan.found.coded)
}

// reviews reports whether the condition's adult reviews record slot.
func reviews(c *condPlan, slot int) bool {
	for _, s := range c.reviews {
		if s == slot {
			return true
		}
	}
	return false
}

// diagnoseFound moves each condition marked by findDeveloping to its new
// diagnosis day: the usual level stays what it was on that day (the rise
// stops there, treatment can start), the problem-list row takes the new
// date, and its reviews (none has happened yet: it was not diagnosed) are
// planned again from it. events[k] is the review just held; the new ones go
// after it. The new schedule draws its jitter from a stream of its own, so
// no other draw moves.
func (w *worker) diagnoseFound(per *person, events []reviewEvent, k int) []reviewEvent {
	for ci := range per.conds {
		hc := &per.conds[ci]
		if hc.foundOn == 0 || hc.foundOn >= hc.onset {
			continue
		}
		day := hc.foundOn
		f := developing(hc, day)
		for i := range hc.effects {
			hc.effects[i].delta *= f
		}
		shift := hc.onset - day
		hc.ramp -= shift
		hc.onset = day
		for i := range hc.planned {
			hc.planned[i].start = max(hc.planned[i].start-shift, day)
		}
		w.b.Conditions[hc.row].OnsetDate = day
		if len(hc.staged) > 0 {
			hc.staged[0].from = day
		}
		kept := events[:k+1]
		for _, ev := range events[k+1:] {
			if ev.cond != ci || ev.eol { // (the end-of-life medicines review stays: fifteenth review)
				kept = append(kept, ev)
			}
		}
		events = kept
		s := per.stream(w.plan.Opts.Seed, purposeFound, uint64(hc.plan.idx))
		days := []models.Date{day}
		for base := float64(day) + w.reviewInterval(per, hc, float64(day)); ; base += w.reviewInterval(per, hc, base) {
			next := max(models.Date(base+s.NormalMS(0, 20)), days[len(days)-1]+1)
			days = append(days, next)
			if next > per.lastDay {
				break
			}
		}
		days = slices.DeleteFunc(days, func(d models.Date) bool { // reviewage.go: none before the age
			return d != day && d <= per.lastDay && !reviewAge(per, hc.plan, d)
		})
		for i := 0; i+1 < len(days); i++ {
			events = insertEvent(events, k+1, reviewEvent{day: days[i], next: days[i+1], cond: ci, diag: i == 0,
				found: i == 0 && hc.plan.found.after == 0})
		}
	}
	return events
}
