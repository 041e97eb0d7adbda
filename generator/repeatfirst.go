package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Subclinical hypothyroidism (a raised TSH with a free T4 in the reference
// range) is treated only when the TSH is 10 mU/L or more on two separate
// occasions 3 months apart (NICE NG145 1.6; CKS hypothyroidism). The GP
// review of issue 9 found levothyroxine started on the one diagnosing TSH
// for every subclinical diagnosis (61 of 61, generate -n 20000 -s 5). A
// condition with repeat_first holds back its first line at such a
// diagnosis and repeats the diagnosing reading at a follow-up about 3
// months later, a review about the condition whose reading (the review
// observations) is coded there; the line starts only when the repeat is
// still past the threshold. A repeat that has normalised starts nothing,
// and a later review whose reading is past it again books another repeat.
// The follow-up's day and draws come from the condition's held-back start
// stream (lifestyle.go), so no other draw moves.

// holdsForRepeat reports whether the first line of condition ev.cond, due
// at its diagnosis on day d, waits for a repeat (catalogue repeat_first):
// the diagnosing sample's reading of repeat_first.when (coded at this
// visit) is on its side. It books the repeat.
func (w *worker) holdsForRepeat(per *person, ev reviewEvent, d models.Date) bool {
	hc := &per.conds[ev.cond]
	rf := hc.plan.RepeatFirst
	if rf == nil || !ev.diag || hc.presented || hc.line >= 0 || hc.line < hc.forced {
		return false
	}
	if v, ok := readOn(per, w.plan.obsIndex[rf.When.Observation], d); !ok || !rf.When.Past(v) {
		return false // overt (or not measured in the record): treated at once
	}
	hc.repeatPending = true
	w.bookRepeat(per, ev, hc, d)
	return true
}

// awaitRepeat decides a review, on day d, of a condition whose first line
// waits for a repeat: at the repeat booked the line starts when the
// reading coded today is past the diagnosing threshold; otherwise nothing
// starts, and a later review whose reading is past it books another
// repeat. held is false once the line has started (or
// never waited); started reports a start today.
func (w *worker) awaitRepeat(per *person, ev reviewEvent, hc *heldCondition, d models.Date, egfr float64, s *distributions.Stream) (held, started bool) {
	if !hc.repeatPending {
		return false, false
	}
	def := hc.plan.DiagnosedAt
	v, ok := readOn(per, w.plan.obsIndex[def.Observation], d)
	past := ok && def.Past(v)
	// NICE NG145 decides at any visit after the diagnosing one, the repeat
	// booked or not (h66g): the free T4 now below its range (overt), or a
	// second reading past the threshold 3 months or more after the first
	if !ev.diag && ok && (w.overtNow(per, hc, v, d) || past && w.pastBefore(per, hc, d)) {
		hc.startAt, hc.repeatPending = 0, false
		w.startLine(per, ev.cond, 0, d, egfr, s)
		hc.lastChange = d
		return true, true
	}
	switch {
	case ev.lifestyle && hc.startAt != 0 && d >= hc.startAt: // the repeat booked
		hc.startAt = 0
		if past {
			hc.repeatPending = false
			w.startLine(per, ev.cond, 0, d, egfr, s)
			hc.lastChange = d
			return true, true
		}
	case ev.diag || hc.startAt != 0 && d < hc.startAt: // before the repeat: it decides
	default:
		// a later review, or the repeat was not held (no appointment, or
		// the routine review came first): a reading past the threshold is
		// the first of a new pair, not the second of an old one
		hc.startAt = 0
		if past {
			w.bookRepeat(per, ev, hc, d)
		}
	}
	return true, false
}

// overtNow reports whether today's repeat of the diagnosing sample finds
// the subclinical finding overt: the reading that held the line back
// (repeat_first.when, free T4 in its reference range) measured today and
// no longer on its side, with the diagnosing reading v (TSH) still above
// the care target (the reference range). NICE NG145 1.3: offer
// levothyroxine for primary hypothyroidism (TSH above the range, free T4
// below it); a GP review (h66g) found a free T4 of 11.7 beside a TSH of
// 9.9 at the repeat starting nothing.
func (w *worker) overtNow(per *person, hc *heldCondition, v float64, d models.Date) bool {
	rf, t := hc.plan.RepeatFirst, hc.plan.CareTarget
	f, ok := readOn(per, w.plan.obsIndex[rf.When.Observation], d)
	return ok && !rf.When.Past(f) && t != nil && v > t.Above
}

// pastBefore reports whether the person's last reading of the diagnosing
// observation before day d, written to the record by any contact (a
// memory clinic's bloods as well as a review), was past the threshold and
// taken at least repeat_first's first day before d: NICE NG145 asks for 2
// readings 3 months apart, not for 2 at reviews. A GP review (h66g, -n
// 3000 -s 41) found TSH 10.8 then 10.5 four months later booking yet
// another repeat, and 4 years of TSH about 10 with no decision.
func (w *worker) pastBefore(per *person, hc *heldCondition, d models.Date) bool {
	def := hc.plan.DiagnosedAt
	code := w.plan.obsCodes[w.plan.obsIndex[def.Observation]].Snomed
	var at models.Date
	var v float64
	found := false
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.SnomedCode != code || o.Value == nil {
			continue
		}
		if od := o.EffectiveTime.Date(); od < d && (!found || od >= at) {
			at, v, found = od, *o.Value, true
		}
	}
	return found && d-at >= models.Date(hc.plan.RepeatFirst.Days[0]) && def.Past(v)
}

// bookRepeat books the repeat of condition hc's diagnosing reading
// repeat_first days after day d: its own review event when it comes
// before the next routine review, which serves otherwise.
func (w *worker) bookRepeat(per *person, ev reviewEvent, hc *heldCondition, d models.Date) {
	s := w.lifestyleStream(per, ev.cond)
	hc.startAt = d + models.Date(between(hc.plan.RepeatFirst.Days, &s))
	if hc.startAt < ev.next {
		w.lifestyleEvent = reviewEvent{day: hc.startAt, next: ev.next, cond: ev.cond, due: true, lifestyle: true}
	}
}

// readOn is the person's latest reading of slot when it was coded on day
// d (a reading of this visit), and whether there is one.
func readOn(per *person, slot int, d models.Date) (float64, bool) {
	if !per.hasLast[slot] || per.lastAt[slot].Date() != d {
		return 0, false
	}
	return per.lastVal[slot], true
}
