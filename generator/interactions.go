package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Interacting medicines on a short course (prescribing.yaml interactions;
// brief h56d). A GP read clarithromycin given beside warfarin with no INR
// after it, trimethoprim beside ramipril with no potassium, and naproxen
// for back pain beside weekly methotrexate. A short course called for
// while a medicine it interacts with runs is now either given with its
// check (the INR 3-7 days in, at a blood test of its own about the running
// medicine's condition) or not given (the contact's other choice, if any).
// The check's day and readings draw from a stream of their own, so no
// other draw moves.

// interactionPlan is a resolved datasets.Interaction of a medicine.
type interactionPlan struct {
	running string // the class whose running course it interacts with
	avoid   bool   // the course is not given beside it
	slots   []int  // the tests taken (monitor)
	days    [2]int // when, after the course's first day (monitor)
	long    bool   // also after a long-term course's start (interactionstarts.go)
}

// resolveInteractions gives each medicine its interactions.
func (p *Plan) resolveInteractions(rules *datasets.Prescribing) error {
	for _, in := range rules.Interactions {
		var slots []int
		for _, key := range in.Observations {
			slot, ok := p.obsIndex[key]
			if !ok {
				return fmt.Errorf("prescribing.yaml: interactions: %q is not an observation of the catalogue", key)
			}
			slots = append(slots, slot)
		}
		for key, mp := range p.medPlans {
			if in.AppliesTo(key) {
				mp.interactions = append(mp.interactions, interactionPlan{running: in.ClassRunning, avoid: in.Avoid(), slots: slots, days: in.Days, long: in.LongTerm})
			}
		}
	}
	return nil
}

// interactionAvoided reports whether a short course of m may not be given
// on day d: a medicine of a class it must be avoided beside runs.
func (w *worker) interactionAvoided(per *person, m *medPlan, d models.Date) bool {
	for _, in := range m.interactions {
		if in.avoid && w.classRunning(per, in.running, d, -1) {
			return true
		}
	}
	return false
}

// pendingCheck is a short course of a medicine with interactions to
// monitor, issued on day onset: read once every long-term course is written
// (an exacerbation's doxycycline is written before the atrial
// fibrillation's warfarin).
type pendingCheck struct {
	meds  *medPlan
	onset models.Date
}

// noteInteractionChecks lists a short course of m begun on day onset for
// interactionChecks, when it has an interaction to monitor.
func (per *person) noteInteractionChecks(m *medPlan, onset models.Date) {
	for _, in := range m.interactions {
		if !in.avoid {
			per.pendingChecks = append(per.pendingChecks, pendingCheck{meds: m, onset: onset})
			return
		}
	}
}

// interactionChecks books, once every long-term course is written, the
// tests of each short course listed beside a running medicine it
// interacts with: a blood test of its own days after the start, about the
// running medicine's condition, unless the tests are already on the record
// for those days (a monitoring visit booked then).
func (w *worker) interactionChecks(per *person) {
	for _, pc := range per.pendingChecks {
		w.interactionCheck(per, pc.meds, pc.onset, false)
	}
	w.longTermChecks(per) // interactionstarts.go
}

// interactionCheck books the tests of one short course of m begun on day
// onset (interactionChecks), or of a long-term course's start (long: only
// the interactions marked long_term, on a stream of their own).
func (w *worker) interactionCheck(per *person, m *medPlan, onset models.Date, long bool) {
	for _, in := range m.interactions {
		if in.avoid || long && !in.long {
			continue
		}
		k := w.runningOfClass(per, in.running, onset)
		if k < 0 || long && per.courses[k].start >= onset {
			continue // (a long-term start: the running medicine began first)
		}
		s := per.stream(w.plan.Opts.Seed, purposeInteractionCheck, uint64(onset))
		if long {
			s = per.stream(w.plan.Opts.Seed, purposeLongTermCheck, uint64(onset))
		}
		day := onset + models.Date(between(in.days, &s))
		if day > per.lastDay || day < per.firstDay || per.inEndOfLifeCare(day) || !per.courses[k].running(day) {
			continue
		}
		span := in.days[1] - in.days[0] + 1
		due := in.slots[:0:0]
		for _, slot := range in.slots {
			if !w.recordedWithin(per, slot, onset+models.Date(in.days[1]), span) {
				due = append(due, slot)
			}
		}
		if len(due) == 0 {
			continue
		}
		id, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactMonitoringBloods, per.conds[per.courses[k].cond].id, &s)
		if ok && long && start.Date() > onset+models.Date(in.days[1]) {
			id, start, ok = w.checkInWindow(per, k, onset, in.days, start.Date(), &s)
		}
		if !ok {
			continue
		}
		for _, slot := range due {
			w.observeOnce(per, id, start.AddMinutes(5), slot, &s)
		}
	}
}

// runningOfClass is the index of a long-term course of the class running
// on day d, or -1.
func (w *worker) runningOfClass(per *person, class string, d models.Date) int {
	for k := range per.courses {
		if c := &per.courses[k]; c.running(d) && c.meds.inClass(class) && c.cond >= 0 {
			return k
		}
	}
	return -1
}

// checkInWindow is the contact of a long-term start's check when the one
// booked for its drawn day was moved past the window's last day (busy days:
// fix71a, a ramipril start beside lithium had its level 11 days after it
// on the merged tree of stop 71, where other contacts took the week; NICE
// CG185 asks for it a week after the start). The visit booked on moved is
// taken back; the bloods are booked from the window's first day, or else
// taken at the patient's practice contact, not by telephone, already on a day of
// the window. False when neither fits.
func (w *worker) checkInWindow(per *person, k int, onset models.Date, days [2]int, moved models.Date, s *distributions.Stream) (string, models.Timestamp, bool) {
	w.unbookLastVisit(per, moved)
	first, last := onset+models.Date(days[0]), onset+models.Date(days[1])
	id, start, ok := w.gpVisitFor(per, first, encGPConsultation, contactMonitoringBloods, per.conds[per.courses[k].cond].id, s)
	if ok && start.Date() <= last {
		return id, start, true
	}
	if ok {
		w.unbookLastVisit(per, start.Date())
	}
	for d := first; d <= last; d++ {
		if j := w.gpContactOn(per, d); j >= 0 && per.courses[k].running(d) {
			if e := &w.b.Encounters[j]; e.TypeCode != w.plan.encTypes[encGPTelephone].Code && e.PractitionerID != "" {
				return e.EncounterID, e.StartTime, true
			}
		}
	}
	return "", 0, false
}
