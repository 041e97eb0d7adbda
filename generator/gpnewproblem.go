package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// gpKnownProblem decides whether a GP contact on day d about a problem (not
// a chronic condition held) opens a new one, and if not returns the problem
// already on the record it is about: a follow-up, a review, the results of
// its tests. The chance of a new problem is the gp weight of what could
// present that day over the band's full weight (catalogue
// activity.gp_new_problem), so a presentation's weight is how often it
// opens, not its share of a fixed number of new problems. The problem seen
// is one within its follow-up window (followedUpOn): the latest still open,
// else the latest begun on an earlier day (it stays open to this contact);
// else a long-term condition held. A problem a clinic or a waiting list
// keeps open past its window is theirs to follow, not every GP contact's. It returns "" when the contact
// opens a new problem or has none to see; none reports the second (the
// caller decides what such a contact is: reasonOr).
func (w *worker) gpKnownProblem(per *person, d models.Date, s *distributions.Stream) (id string, none bool) {
	g := &w.plan.Cat.Activity.GPNewProblem
	age := per.ageOn(d)
	band := w.plan.Cat.BandOf(age)
	// A new problem with chance weight/full_weight: the weights are never
	// negative, so the sum stops once it passes the draw.
	u := s.Float64() * g.FullWeight[band]
	weight := w.plan.presOpen[presGP][band][per.sex].total
	for _, h := range w.heldPresentations(per) {
		if u < weight {
			break
		}
		weight += w.presWeight(per, h, presGP, band, age, d)
	}
	if u < weight {
		return "", false // a new problem
	}
	latest, latestOpen, spent := -1, false, false
	for _, pi := range per.opened { // (the others have no episode)
		ep := &per.episodes[pi]
		if ep.id == "" || ep.onset >= d { // the cheap tests first: most episodes end here
			continue
		}
		if d-ep.onset > max(ep.days, w.plan.followUpBound[pi]) { // past its follow-up window: followedUpOn would say no
			continue
		}
		// a long-standing problem (osteoarthritis: no end) is seen like one
		// begun lately, not as open: else it would take most contacts for ever
		open := ep.until != models.NoDate && d <= ep.until
		dur := w.acuteLength(per, pi)
		if (!open && ep.repaired) || !w.followedUpOn(per, pi, dur, d) { // (a repaired hernia is over)
			continue
		}
		if w.plan.presentations[pi].ReferredBy != "" { // another service's (a dentist's caries): not the GP's to follow up
			continue
		}
		if w.followUpsSpent(per, pi, dur) || !w.followUpClear(per, pi, dur, d) { // seen enough, or lately, about it
			spent = true
			continue
		}
		// an acute problem still open first (no resolved one reopened beside it), then the latest
		if latest < 0 || (open && !latestOpen) || (open == latestOpen && ep.onset > per.episodes[latest].onset) {
			latest, latestOpen = pi, open
		}
	}
	if latest < 0 && spent {
		// a problem seen as often as it needs: not booked again for it, nor
		// turned into a contact about a stable condition (a frequent
		// attender's 20 hypertension contacts a year)
		return "", true
	}
	if latest < 0 { // nothing seen lately: a long-term condition held, a check-up, or something new
		if k := w.heldOn(per, d, heldGP, s); k >= 0 && w.gpAboutHeld(per, k, d, s) { // a stable one: mostly not (conditionstate.go)
			return per.conds[k].id, false
		}
		return "", true
	}
	id = per.episodes[latest].id
	bookContact(per, presentationAbout(latest), d)
	per.episodes[latest].gpFollowUps++
	w.keepOpenUntil(per, latest, id, d)
	return id, false
}

// followUpsSpent reports whether the current episode of acute presentation
// pi, dur days long (acuteLength), has had the GP follow-ups its duration
// allows (catalogue gp_new_problem.follow_ups). Before, a frequent
// attender's every contact went to their latest open problem: a UTI seen 11
// times in a week, a child's fever 5-11 times over a fortnight (fifteenth
// review).
func (w *worker) followUpsSpent(per *person, pi, dur int) bool {
	if dur <= 0 {
		return false // a long-standing problem is followed up for as long as it lasts
	}
	allowed := w.plan.Cat.Activity.GPNewProblem.FollowUps.Allowed(dur)
	if most := w.plan.presentations[pi].MaxFollowUps; most > 0 {
		allowed = min(allowed, most) // insomnia (twenty-second review)
	}
	return per.episodes[pi].gpFollowUps >= allowed
}

// followUpClear reports whether a GP contact on day d may follow up the
// current episode of presentation pi (dur: acuteLength): within
// reconsult_days of its onset
// always (the follow-ups' cap aside), later only when no other contact about
// it falls within contact_gap_days.long_standing (contactgap.go). Before, an
// anxiety episode of two years took 27 contacts in its first year, and knee
// osteoarthritis 46.
func (w *worker) followUpClear(per *person, pi, dur int, d models.Date) bool {
	if d-per.episodes[pi].onset <= models.Date(w.reconsultDays(pi)) && dur > 0 {
		return true
	}
	return contactClear(per, presentationAbout(pi), d, w.plan.Cat.Activity.GPConditionState.ContactGapDays.LongStanding)
}

// acuteLength is the length in days of the current episode of presentation
// pi: its own drawn duration (duration_range), else the presentation's; 0
// for a long-standing problem.
func (w *worker) acuteLength(per *person, pi int) int {
	dur := w.plan.presentations[pi].DurationDays
	if ep := &per.episodes[pi]; dur > 0 && ep.days > 0 {
		dur = int(ep.days)
	}
	return dur
}

// followedUpOn reports whether a GP contact on day d can still be about
// the current episode of presentation pi: an acute problem
// within its own duration or reconsult_days of its onset, whichever is
// longer (catalogue activity.gp_new_problem; a follow-up extends it only to
// that day); a long-standing one (no duration) within recurrence_days.
// Before, every contact of the year after an acute problem went to it and
// kept it open: a quarter of urinary infections lasted over 180 days.
func (w *worker) followedUpOn(per *person, pi, dur int, d models.Date) bool {
	g := &w.plan.Cat.Activity.GPNewProblem
	onset := per.episodes[pi].onset
	if dur > 0 {
		return d-onset <= models.Date(max(dur, w.reconsultDays(pi)))
	}
	return d-onset <= models.Date(g.RecurrenceDays)
}

// reconsultDays is how long after its onset an episode of presentation pi
// is still followed up: its own reconsult_days (a fever, a week), else
// activity.gp_new_problem's.
func (w *worker) reconsultDays(pi int) int {
	if r := w.plan.presentations[pi].ReconsultDays; r > 0 {
		return r
	}
	return w.plan.Cat.Activity.GPNewProblem.ReconsultDays
}

// apartFromEpisode reports whether a new episode of acute presentation pi
// drawn for day d keeps clear of the person's episodes of it: not within
// activity.episode_gap_days before the onset of one (a year's contacts are
// drawn in no order of their days) or after its end. A day inside the
// current episode is that episode (presentingCondition) and allowed.
func (w *worker) apartFromEpisode(per *person, pi int, d models.Date) bool {
	ep := &per.episodes[pi]
	pr := &w.plan.presentations[pi]
	if ep.id == "" || pr.DurationDays <= 0 || ep.until == models.NoDate {
		return true
	}
	gap := models.Date(w.plan.Cat.Activity.EpisodeGapDays)
	if d >= ep.onset && d <= ep.until {
		return true
	}
	if !clearOf(ep.onset, ep.until, d, models.Date(ep.days)+gap, gap) {
		return false
	}
	return ep.count == 1 || w.clearOfEpisodes(per, pr.Key, ep.id, d) // earlier episodes: their rows
}

// clearOfEpisodes reports whether a new episode of the problem key on day d
// keeps activity.episode_gap_days clear of every resolved episode of it on
// the person's record but the one with id except.
func (w *worker) clearOfEpisodes(per *person, key, except string, d models.Date) bool {
	gap := models.Date(w.plan.Cat.Activity.EpisodeGapDays)
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionKey == key && !sameRowID(c.ConditionID, except) && c.ResolvedDate != models.NoDate &&
			!clearOf(c.OnsetDate, c.ResolvedDate, d, c.ResolvedDate-c.OnsetDate+gap, gap) {
			return false
		}
	}
	return true
}

// clearOf reports whether day d is more than before days ahead of an
// episode from onset to until and more than after days past it.
func clearOf(onset, until, d, before, after models.Date) bool {
	if d < onset {
		return onset-d > before
	}
	return d > until && d-until > after
}
