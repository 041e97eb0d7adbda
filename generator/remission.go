package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// An episode that ends (catalogue remission; fifteenth review: no
// depressive episode ever ended and the PHQ-9 stayed high on treatment).
// The condition's effect on its observation fades to nothing on a day drawn
// at the diagnosis; a review reading below the remission level after it
// sees the remission. Without a medicine for the episode it is coded
// resolved there. With one, a review months later tapers the medicine (the
// lower dose when it was raised, a last issue of taper_days), stops it and
// codes the episode resolved, unless the remission was lost by then.

// drawRemission draws, from a stream of its own, the day the episode ends,
// whether the remission is lost and when, and how long a medicine goes on
// after it is seen.
func (g *worker) drawRemission(per *person, ci int, hc *heldCondition) {
	r := g.plan.conds[ci].Remission
	if r == nil || chosenWith(per.cohort, ci) {
		return
	}
	s := per.stream(g.plan.Opts.Seed, purposeRemission, uint64(ci))
	u, lost, after := s.Float64(), s.Float64(), s.Float64() // drawn for everyone, so later draws never shift
	hc.remitDays = models.Date(r.DayRecovered(u))
	if hc.remitDays > 0 && lost < r.Relapse {
		hc.relapseDays = models.Date(r.RelapseDays[0] + int(after*float64(r.RelapseDays[1]-r.RelapseDays[0]+1)))
	}
}

// remitted is what is left on day d of the condition's effect on the
// remission observation: all of it until fade_days before the remission,
// none from it, and all again fade_days after a relapse.
func remitted(hc *heldCondition, d models.Date) float64 {
	start, remit, relapse := hc.episodeFrom(), hc.remitDays, hc.relapseDays
	if d < start && len(hc.past) > 0 { // an earlier episode's day (recurrentepisode.go)
		i := len(hc.past) - 1
		for i > 0 && d < hc.past[i].start {
			i--
		}
		e := hc.past[i]
		if d >= e.resolved {
			return 0 // between episodes
		}
		start, remit, relapse = e.start, e.remit, e.relapse
	}
	if remit == 0 {
		return 1 // an episode that never ends
	}
	fade := models.Date(max(hc.plan.Remission.FadeDays, 1))
	at := start + remit
	f := 1.0
	switch {
	case d >= at:
		f = 0
	case d > at-fade:
		f = float64(at-d) / float64(fade)
	}
	if relapse > 0 && d > at+relapse {
		f = min(1, float64(d-at-relapse)/float64(fade))
	}
	return f
}

// over reports whether the episode was coded resolved by day d, or d falls
// between an earlier episode's resolution and the next (recurrentepisode.go).
func (hc *heldCondition) over(d models.Date) bool {
	if hc.resolved != 0 && d >= hc.resolved {
		return true
	}
	for i, e := range hc.past {
		next := hc.epStart
		if i+1 < len(hc.past) {
			next = hc.past[i+1].start
		}
		if d >= e.resolved && d < next {
			return true
		}
	}
	return false
}

// inRemission reports whether the episode has ended by day d and not
// relapsed.
func inRemission(hc *heldCondition, d models.Date) bool {
	at := hc.episodeFrom() + hc.remitDays
	return hc.remitDays > 0 && d >= at && (hc.relapseDays == 0 || d <= at+hc.relapseDays)
}

// taperDue reports whether the taper review on day d goes ahead: the
// remission still holds. A lost one leaves the routine reviews to go on.
func (w *worker) taperDue(per *person, hc *heldCondition, d models.Date) bool {
	if inRemission(hc, d) {
		return true
	}
	hc.remissionSeen = 0
	return false
}

// episodeEnds acts on a review of a condition with a remission: a reading
// below the remission level once the episode has ended is the remission
// seen. With no medicine running for it the episode is coded resolved now;
// with one, the taper review is booked (worker.taperEvent). At the taper
// review the medicine is tapered and stopped and the episode coded
// resolved. It reports whether the episode was resolved here (the review
// does nothing more).
func (w *worker) episodeEnds(per *person, ev reviewEvent, hc *heldCondition, d models.Date, encID string, t models.Timestamp, read func(int) float64) bool {
	r := hc.plan.Remission
	if !inRemission(hc, d) {
		if !w.remissionRead(per, ev, hc, d, encID) {
			return false
		}
		// scores in remission review after review: over now, whatever
		// course was drawn; its effect on the score ends (remitted)
		hc.remitDays, hc.relapseDays = d-hc.episodeFrom(), 0
	}
	ci := ev.cond
	onDrug := onLineOf(per, ci, d, false) // untreated.go
	if !ev.taper {
		// the reading, when the review records it (PHQ-9 from 18); else
		// the clinician's judgement sees it
		scored := slices.Contains(hc.plan.reviewSlots(per.ageOn(d)), hc.plan.remissionSlot)
		if scored && read(hc.plan.remissionSlot) >= r.Below {
			return false
		}
		if onDrug {
			if hc.remissionSeen == 0 {
				hc.remissionSeen = d
				s := per.stream(w.plan.Opts.Seed, purposeRemission, uint64(ci), uint64(d))
				day := d + models.Date(between(r.ContinueFor(len(hc.past)+1), &s)) // longer for recurrent depression
				if day <= per.lastDay {
					w.taperEvent = reviewEvent{day: day, next: ev.next, cond: ci, due: true, taper: true}
				}
			}
			return false
		}
	}
	if ev.taper && onDrug {
		w.taper(per, ci, encID, d, models.Date(max(r.TaperDays, 1)))
	}
	hc.resolved = d
	w.b.Conditions[hc.row].ResolvedDate = d
	w.drawRecurrence(per, ci, hc, d) // recurrentepisode.go
	if encID != "" {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), hc.plan.resolvedCode))
	}
	return true
}

// taper moves each running medicine of condition ci to its lower dose when
// it was raised, issues it for the taper's days and stops it after them.
func (w *worker) taper(per *person, ci int, encID string, d, days models.Date) {
	age := per.ageOn(d)
	var running []int
	for k := range per.courses {
		if c := &per.courses[k]; c.cond == ci && c.line >= 0 && c.running(d) {
			running = append(running, k)
		}
	}
	for _, k := range running {
		if c := &per.courses[k]; c.reg.Step > 0 {
			if low := c.meds.regimen(age, c.reg.Step-1); low != nil {
				k = w.changeStep(per, k, low, d)
			}
		}
		per.courses[k].stop = d + days
	}
	if encID != "" {
		w.issueRepeats(per, ci, encID, d, d+days)
	}
}

// chosenWith reports whether a scenario's cohort asks for condition ci (to
// have it, a medicine for it, or a count of conditions): its members hold
// it on the population date, so their episode does not end (nil-safe).
func chosenWith(cp *cohortPlan, ci int) bool {
	if cp == nil {
		return false
	}
	for _, fd := range cp.drugs {
		if fd.cond == ci {
			return true
		}
	}
	return cp.force[ci] || len(cp.counts) > 0
}

// remissionRead reports whether the review at encounter encID on day d reads
// the remission of an episode its drawn course has not ended: its own score
// and the sustained_readings-1 before it in the episode all below the
// remission level, with no medicine for it running (brief h56d: depression
// left active for years beside PHQ-9 scores of 2-4, off any antidepressant).
// It reads the scores recorded, and draws nothing.
func (w *worker) remissionRead(per *person, ev reviewEvent, hc *heldCondition, d models.Date, encID string) bool {
	r := hc.plan.Remission
	// a scenario's cohort that asks for the condition keeps it (chosenWith,
	// as for the drawn remission)
	if r.SustainedReadings < 2 || ev.taper || encID == "" || chosenWith(per.cohort, hc.plan.idx) || onLineOf(per, ev.cond, d, false) {
		return false
	}
	slot := hc.plan.remissionSlot
	if v, ok := w.readAt(per, encID, slot); !ok || v >= r.Below {
		return false
	}
	before := d
	for k := 1; k < r.SustainedReadings; k++ {
		at, v, ok := w.latestReading(per, slot, before)
		if !ok || at < hc.episodeFrom() || v >= r.Below {
			return false
		}
		before = at
	}
	return true
}
