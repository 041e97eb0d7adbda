package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// episodeFollowUps books, for each episode of a presentation with a
// gp_follow_up (self-poisoning; forty-seventh review), the GP contact
// about it some days after the person is home from A&E or the ward, with
// the episode as its reason, and codes the referral it makes for a share.
// NICE NG225 asks that the GP be told of a self-harm presentation and
// follow the person up; a GP read 604 episodes of self-poisoning with a
// GP contact about 97 within a week and 3 referred to mental health
// services within 90 days (generate -n 20000 -s 5). It runs once every A&E
// attendance and stay is written (after background); an episode already
// seen at the practice in the window is followed up at that contact. The draws are
// a stream of their own per episode, so nothing else moves.
func (w *worker) episodeFollowUps(per *person) {
	p := w.plan
	if len(p.presFollowUp) == 0 {
		return
	}
	end := len(w.b.Conditions)
	for k := per.condFrom; k < end; k++ {
		c := &w.b.Conditions[k]
		pi := p.presIn(p.presFollowUp, c.ConditionKey)
		if pi < 0 {
			continue
		}
		f := p.presentations[pi].GPFollowUp
		if per.ageOn(c.OnsetDate) < f.MinAge {
			continue
		}
		home := per.homeAfter(c.OnsetDate)
		s := per.stream(p.Opts.Seed, purposeEpisodeFollowUp, uint64(c.OnsetDate))
		share, recorded := w.followUpShares(per, c, f) // episoderaised.go
		if !s.Bernoulli(share) {
			continue
		}
		day := home + models.Date(between(f.Days, &s))
		if day > per.lastDay || per.inEndOfLifeCare(day) {
			continue
		}
		id := c.ConditionID
		encID, start, ok := w.firstGPContactAbout(per, id, home, day) // already seen: that contact is the follow-up
		if !ok {
			if encID, start, ok = w.gpVisit(per, day, encGPProblem, id, &s); !ok {
				continue
			}
		}
		if code := &p.presentations[pi].followUpCode; code.Snomed != "" && per.ageOn(start.Date()) >= f.RecordedMinAge && s.Bernoulli(recorded) {
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(5), code))
		}
		w.assessAtFollowUp(per, p.presentations[pi].followUpAssess, encID, start, &s)
		w.keepOpenUntil(per, pi, id, start.Date())
	}
}

// assessAtFollowUp records, at the follow-up contact, the consulting-room
// readings (the reviews' at_contact observations) of each condition of
// assess the person holds open that day: the PHQ-9 of a depression. Brief
// h53c: a GP read self-poisoning followed by no reassessment of the
// depression it came from; NICE NG225 asks the GP to care for coexisting
// mental health problems at the follow-up. A reading the contact already
// has is not written twice.
func (w *worker) assessAtFollowUp(per *person, assess []int, encID string, start models.Timestamp, s *distributions.Stream) {
	d := start.Date()
	for _, ci := range assess {
		k := heldIndex(per, ci)
		if k < 0 || per.conds[k].onset > d || per.conds[k].over(d) {
			continue
		}
		for _, slot := range per.conds[k].plan.atContact {
			if !w.measuredAt(per, encID, slot) {
				w.observe(per, encID, start.AddMinutes(3), slot, s)
			}
		}
	}
}

// firstGPContactAbout is the first GP contact about condition id between days
// from and to (inclusive): its id and start, or false.
func (w *worker) firstGPContactAbout(per *person, id string, from, to models.Date) (string, models.Timestamp, bool) {
	var first *models.Encounter
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		e := &w.b.Encounters[k]
		if e.Setting == settingGP && e.ReasonConditionID == id && from <= e.StartTime.Date() && e.StartTime.Date() <= to && (first == nil || e.StartTime < first.StartTime) {
			first = e
		}
	}
	if first == nil {
		return "", 0, false
	}
	return first.EncounterID, first.StartTime, true
}
