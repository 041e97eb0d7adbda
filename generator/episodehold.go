package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Medicines paused during an acute episode and restarted after it
// (prescribing.yaml episode_holds; brief h64c). A GP reading found no
// sick-day rules in acute kidney injury: 49 of 225 episodes (generate -n
// 3000 -s 31) on an ACE inhibitor or ARB, metformin or a diuretic, and none
// held. NICE NG148 asks for them to be withheld in AKI and reviewed on
// recovery: now their issues are paused from the episode's first day (the
// admission) to the GP's check after it (the episode's bloods,
// episodebloods.go), where the medicine restarts with an issue at that
// visit. The record is cut here, once every stay, check and issue is
// written; the course itself goes on in the model (its effects on the
// readings are those of a medicine taken), as for a companion's pause
// (monitoring.go pauseIssues). Nothing is drawn, so nothing else moves.

// resolveEpisodeHolds marks each medicine of a hold's classes with the
// presentation whose episodes pause it.
func (p *Plan) resolveEpisodeHolds(holds []datasets.EpisodeHold) error {
	for _, h := range holds {
		if !slices.ContainsFunc(p.Cat.Presentations, func(pr datasets.Presentation) bool { return pr.Key == h.Episode }) {
			return fmt.Errorf("prescribing.yaml: episode_holds names unknown presentation %q", h.Episode)
		}
		for key, m := range p.medPlans {
			for _, cls := range h.Classes {
				if datasets.InClass(key, cls) && !slices.Contains(m.heldIn, h.Episode) {
					m.heldIn = append(m.heldIn, h.Episode)
				}
			}
		}
		if !slices.Contains(p.holdingEpisodes, h.Episode) {
			p.holdingEpisodes = append(p.holdingEpisodes, h.Episode)
		}
	}
	return nil
}

// holdInEpisodes pauses, for each episode that holds a medicine, the
// medicine's issues from the episode's first day to the check after it.
func (w *worker) holdInEpisodes(per *person) {
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		c := &w.b.Conditions[k]
		if !slices.Contains(w.plan.holdingEpisodes, c.ConditionKey) {
			continue
		}
		encID, resume := w.episodeCheck(per, c)
		if resume == models.NoDate {
			continue // no check (died, the record ended): the last issue stands
		}
		w.pauseForEpisode(per, c.ConditionKey, c.OnsetDate, resume, encID)
	}
}

// episodeCheck is the GP's check after episode c: the first practice visit
// about it after its first day with a kidney function result (the
// episode's bloods), from the check that showed recovery when the first
// did not (akirecovery.go); NoDate when none is on the record.
func (w *worker) episodeCheck(per *person, c *models.Condition) (string, models.Date) {
	code := w.plan.obsCodes[w.plan.slots.egfr].Snomed
	encID, at := "", models.NoDate
	from := per.resumeFrom(c.ConditionID, c.OnsetDate) // a check showing recovery (akirecovery.go)
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		d := o.EffectiveTime.Date()
		if o.SnomedCode != code || d < from || at != models.NoDate && d >= at {
			continue
		}
		if e := w.encounterByID(per, o.EncounterID); e != nil && e.ReasonConditionID == c.ConditionID && e.Setting == "gp" {
			encID, at = o.EncounterID, d
		}
	}
	return encID, at
}

// pauseForEpisode withdraws the held medicines' issues that start from day
// from to the day before resume and ends the one running on day from the
// day before. A medicine that goes on after the pause (an issue of it had
// been written for the pause, one runs past it, or a later one is written)
// restarts with an issue at the check (encounter encID on day resume), up
// to its next issue.
func (w *worker) pauseForEpisode(per *person, key string, from, resume models.Date, encID string) {
	type paused struct {
		rx   models.Prescription // the issue that ran, or was to run, in the pause
		goes bool                // the medicine goes on after the pause
	}
	var held []paused
	note := func(rx *models.Prescription, goes bool) {
		m := w.rxPlan(rx)
		for i := range held {
			if w.rxPlan(&held[i].rx) == m {
				held[i].goes = held[i].goes || goes
				if rx.StartDate > held[i].rx.StartDate {
					held[i].rx = *rx
				}
				return
			}
		}
		held = append(held, paused{*rx, goes})
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil || !slices.Contains(m.heldIn, key) {
			continue
		}
		switch {
		case rx.StartDate >= from && rx.StartDate < resume:
			note(rx, true)
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.withdrawCompanion(per, rx)
		case rx.StartDate < from && (rx.EndDate == models.NoDate || rx.EndDate >= from):
			note(rx, rx.EndDate == models.NoDate || rx.EndDate >= resume)
			w.eachCompanion(per, rx, func(c *models.Prescription) {
				if c.EndDate == models.NoDate || c.EndDate >= from {
					c.EndDate = from - 1
				}
			})
			rx.EndDate = from - 1
		}
	}
	for _, h := range held {
		m := w.rxPlan(&h.rx)
		next := w.nextIssueOf(per, m, resume)
		if !h.goes && next == models.NoDate || w.liveIssueOn(per, m, resume) {
			continue // stopped by then, or already issued at the check
		}
		if stoppedByResult(per, m, resume) || m.renal != nil && egfrBefore(per, resume+1, 365) < m.renal.StopBelow || w.startBarredByResult(per, m, resume) {
			// the check's own bloods bar it (a potassium of 6.0 or more
			// beside losartan, an eGFR below 30 beside metformin): not
			// restarted there; the care that reads them decides
			continue
		}
		if next != models.NoDate && next-resume < repeatGapDays || resume-w.prevIssueOf(per, m, resume) < repeatGapDays {
			continue // an issue within a fortnight either side restarts it
		}
		// the rest of the issue the pause cut: to its own end (a stop coded
		// then, a step down), or, when it ended inside the pause, for its
		// length up to the next issue
		end := h.rx.EndDate
		if end != models.NoDate && end < resume {
			end = resume + (h.rx.EndDate - h.rx.StartDate)
			if next != models.NoDate {
				end = min(end, next-1)
			}
		}
		rx := h.rx
		rx.PrescriptionID = w.ids.rowID(tagPrescription)
		rx.EncounterID, rx.StartDate, rx.EndDate = encID, resume, end
		w.b.Prescriptions = append(w.b.Prescriptions, rx)
	}
}

// nextIssueOf is the first day on or after d that a live issue of medicine
// m starts; NoDate when none does.
func (w *worker) nextIssueOf(per *person, m *medPlan, d models.Date) models.Date {
	at := models.NoDate
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if !rx.PrescriptionID.IsZero() && rx.StartDate >= d && (at == models.NoDate || rx.StartDate < at) && w.rxPlan(rx) == m {
			at = rx.StartDate
		}
	}
	return at
}

// repeatGapDays: no repeat of a product is written within this many days of
// the one before (TestNoRepeatIssuedWhileThePreviousCovers).
const repeatGapDays = 14

// prevIssueOf is the last day before d that a live issue of medicine m
// starts; far in the past when none does.
func (w *worker) prevIssueOf(per *person, m *medPlan, d models.Date) models.Date {
	at := d - 10000
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if !rx.PrescriptionID.IsZero() && rx.StartDate < d && rx.StartDate > at && w.rxPlan(rx) == m {
			at = rx.StartDate
		}
	}
	return at
}

// startBarredByResult reports whether a start of medicine m on day d is one
// the last safety step withdraws (pastlimits.go: a result rule's
// start_above, an ACE inhibitor after a potassium above 5.0): a restart
// after the pause is a start there, and one it withdrew left a renewal
// written on it with nothing before (stop 64 merge: ramipril renewed at a
// medication request 15 months after an AKI's restart was withdrawn).
func (w *worker) startBarredByResult(per *person, m *medPlan, d models.Date) bool {
	if w.forcedMedicine(per, m) {
		return false // a scenario's drug restarts (medicines.go forced)
	}
	for _, rs := range w.plan.stopOf {
		if rs == nil || rs.StartAbove <= 0 || !slices.Contains(m.startLimit, rs) {
			continue
		}
		if startAboveLimit(w.writtenReadings(per, rs.slot, nil), rs, d) {
			return true
		}
	}
	return false
}
