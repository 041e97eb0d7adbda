package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// outpatientReason gives a background clinic attendance on day d its reason.
// A clinic is never the first contact for a new problem: it sees a chronic
// condition a specialist team follows up, the problem it saw recently, an
// open episode first seen by the GP or in A&E (the fracture clinic), or a
// new problem the GP referred some weeks before (catalogue
// activity.outpatient_referral; referShare is the chance that a would-be new
// problem is a referred one). It returns "" when nothing fits: the
// attendance is then not booked.
func (w *worker) outpatientReason(per *person, d models.Date, referShare float64, s *distributions.Stream) string {
	act := &w.plan.Cat.Activity
	w.lastPres = -1
	if s.Float64() < act.OutpatientChronicShare {
		if k := w.heldOn(per, d, heldClinic, s); k >= 0 {
			return per.conds[k].id
		}
	}
	if id := w.clinicFollowUp(per, d); id != "" && s.Bernoulli(0.5) {
		per.episodes[per.clinicPres].clinic++
		return id
	}
	tries := 1
	if ref := &act.OutpatientReferral; per.ageOn(d) < ref.ChildUnder {
		tries = max(ref.ChildTries, 1) // a child's first ear infection is not referred: another problem is
	}
	for try := 0; try < tries; try++ {
		pi := w.presentation(per, presOutpatient, per.ageOn(d), d, s)
		if pi == notBooked {
			return ""
		}
		if pi < 0 {
			break
		}
		// an episode the GP (or A&E) saw recently: referred then
		if ep := &per.episodes[pi]; ep.id != "" && ep.onset < d && (ep.until == models.NoDate || d <= ep.until+models.Date(act.OutpatientReferral.GPDaysBefore[1])) &&
			ep.clinic < w.clinicLimit(pi) && ((ep.clinic > 0 && d >= ep.firstClinic) || w.referable(per, pi, ep.onset+1, 0)) {
			w.lastPres = pi
			return w.seenInClinic(per, pi, d, 0)
		}
		if s.Bernoulli(referShare) {
			if id := w.referredProblem(per, pi, d, s); id != "" {
				return id
			}
		}
	}
	if k := w.heldOn(per, d, heldClinic, s); k >= 0 {
		return per.conds[k].id
	}
	if id := w.clinicFollowUp(per, d); id != "" {
		per.episodes[per.clinicPres].clinic++
		return id
	}
	return ""
}

// referable reports whether presentation pi has had enough episodes before
// day d, with the ones about to be opened, for the GP to refer it (catalogue
// refer_after_episodes: recurrent otitis media goes to ENT, a single episode
// does not). Episodes are counted by onset in the record, not as generated:
// a later episode may have been written first.
func (w *worker) referable(per *person, pi int, d models.Date, opening int) bool {
	pr := &w.plan.presentations[pi]
	if len(pr.ReferWhen) > 0 {
		return w.meetsReferCriteria(per, pi, d, opening) // recurrence.go
	}
	if pr.ReferAfterEpisodes == 0 {
		return true
	}
	return opening+w.episodesBefore(per, pr.Key, d) >= pr.ReferAfterEpisodes
}

// episodesBefore counts the person's episodes of complaint key with an
// onset before day d, by onset in the record, not as generated (a later
// episode may have been written first).
func (w *worker) episodesBefore(per *person, key string, d models.Date) int {
	n := 0
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionKey == key && c.OnsetDate < d {
			n++
		}
	}
	return n
}

// clinicLimit is the most clinic attendances an episode of presentation pi
// has: its own cap when lower, else the catalogue's.
func (w *worker) clinicLimit(pi int) int {
	limit := w.plan.Cat.Activity.OutpatientReferral.AttendancesMax
	if c := w.plan.presentations[pi].ClinicAttendances; c > 0 && c < limit {
		return c
	}
	return limit
}

// clinicFollowUp is the problem the clinic first saw, while it is followed
// up (within a year, up to three months after it resolved, and until it has
// had its attendances), or "".
func (w *worker) clinicFollowUp(per *person, d models.Date) string {
	ep := &per.episodes[per.clinicPres]
	if per.clinicID != "" && ep.id == per.clinicID && d >= per.clinicDay && d-per.clinicDay <= 365 &&
		(per.clinicUntil == models.NoDate || d <= per.clinicUntil+90) &&
		ep.clinic < w.clinicLimit(per.clinicPres) { // (a later episode ends the follow-up)
		return per.clinicID
	}
	return ""
}

// seenInClinic makes episode pi the problem the clinic follows up from day
// d, counting this attendance and the planned follow-ups booked with it.
func (w *worker) seenInClinic(per *person, pi int, d models.Date, planned int) string {
	ep := &per.episodes[pi]
	if ep.clinic == 0 || d < ep.firstClinic {
		ep.firstClinic = d
	}
	per.clinicID, per.clinicPres, per.clinicDay, per.clinicUntil = ep.id, pi, d, ep.until
	ep.clinic += 1 + planned
	return ep.id
}

// referredProblem writes the GP consultation that first sees new problem pi
// and refers it to the clinic seen on day d, and returns the problem's id;
// "" when no GP appointment fits before the clinic (before the record, in a
// stay, the days already booked). The problem stays open until the clinic
// has seen it.
func (w *worker) referredProblem(per *person, pi int, d models.Date, s *distributions.Stream) string {
	ref := &w.plan.Cat.Activity.OutpatientReferral
	if ep := &per.episodes[pi]; ep.id != "" && ep.clinic > 0 && ep.onset < d && (ep.until == models.NoDate || d-models.Date(ref.GPDaysBefore[1]) <= ep.until) {
		// seen in clinic and open then, so not a new referral (a GP visit in
		// the referral window would see this same episode): a further
		// attendance while it has some left, with no new follow-ups
		if ep.clinic >= w.clinicLimit(pi) || d < ep.firstClinic { // (not before the clinic first saw it: a later-written day may be earlier)
			return ""
		}
		w.lastPres = pi
		return w.seenInClinic(per, pi, d, 0)
	}
	if r := per.episodes[pi].referred; r != 0 && r-d < models.Date(ref.RereferralAfterDays) && d-r < models.Date(ref.RereferralAfterDays) {
		return "" // the clinic saw this complaint lately: a GP does not refer it again so soon
	}
	from := d - models.Date(ref.GPDaysBefore[1])
	opening := 1 // the referring visit's own episode, unless one open then is the one it sees
	if ep := &per.episodes[pi]; ep.id != "" && ep.onset < from && (ep.until == models.NoDate || ep.until >= from) {
		opening = 0
	}
	if !w.referable(per, pi, from, opening) { // episodes before the referring visit, and its own
		return "" // a first episode is treated by the GP, not referred (refer_after_episodes)
	}
	lo, hi := ref.GPDaysBefore[0], ref.GPDaysBefore[1]
	if e := w.openGPVisit(per, pi, d-models.Date(hi), d-models.Date(lo)); e >= 0 { // an appointment already booked raises it
		gp := &w.b.Encounters[e]
		id := w.presentingCondition(per, pi, presGP, gp.StartTime.Date(), gp.EncounterID, s)
		gp.ReasonConditionID = id
		w.symptomConsultation(e)
		w.lastPres = pi
		per.episodes[pi].referred = d
		last, planned := w.clinicFollowUps(per, pi, id, d, s)
		w.keepOpenUntil(per, pi, id, last)
		return w.seenInClinic(per, pi, d, planned)
	}
	if per.ageOn(d) < ref.ChildUnder {
		return "" // a child's problem is referred from a consultation already booked (child_under)
	}
	gpDay := d - models.Date(lo+s.IntN(hi-lo+1))
	if gpDay < per.firstDay || gpDay < per.birth || !w.presAllowed(per, pi, presGP, per.ageOn(gpDay), gpDay) {
		return "" // before the record, or too young for it then (eczema in the first weeks)
	}
	gpEnc, start, ok := w.gpVisit(per, gpDay, encGPProblem, "", s)
	if !ok {
		return ""
	}
	if start.Date() >= d { // pushed to the clinic day or later: no referral in time
		w.b.Encounters = w.b.Encounters[:len(w.b.Encounters)-1]
		per.gpDays.remove(start.Date())
		return ""
	}
	e := len(w.b.Encounters) - 1
	id := w.presentingCondition(per, pi, presGP, start.Date(), gpEnc, s)
	w.b.Encounters[e].ReasonConditionID = id
	w.lastPres = pi
	per.episodes[pi].referred = d
	last, planned := w.clinicFollowUps(per, pi, id, d, s)
	w.keepOpenUntil(per, pi, id, last)
	return w.seenInClinic(per, pi, d, planned)
}

// clinicFollowUps books the follow-up attendances of a problem first seen in
// clinic on day d (catalogue activity.outpatient_referral follow_ups_mean),
// each some weeks after the one before; none once end-of-life care has
// begun. It returns the day of the last attendance and how many it booked.
func (w *worker) clinicFollowUps(per *person, pi int, id string, d models.Date, s *distributions.Stream) (models.Date, int) {
	n := 0
	ref := &w.plan.Cat.Activity.OutpatientReferral
	lo, hi := ref.FollowUpDays[0], ref.FollowUpDays[1]
	for k := min(s.Poisson(ref.FollowUpsMean), w.clinicLimit(pi)-1); k > 0; k-- {
		next := d + models.Date(lo+s.IntN(hi-lo+1))
		if next > per.lastDay || per.inEndOfLifeCare(next+eolReviewMargin) {
			break
		}
		_, booked, ok := w.outpatient(per, w.plannedDay(per, next), id, s) // due on a closed day: over the week after (plannedday.go)
		if !ok {
			break
		}
		d = booked
		n++
	}
	return d, n
}

// neededClinicReason is the reason of an outpatient attendance a scenario
// asks for on day d: the reason it names, first seen by the GP and referred
// when it is a new problem; or, without one, a reason as a background
// attendance has, a referral made certain. Only when no GP appointment fits
// before the clinic (the record's first days) does the clinic see the
// problem first, the referral falling before the record.
func (w *worker) neededClinicReason(per *person, need *encNeed, d models.Date, encID string, s *distributions.Stream) string {
	switch {
	case need.reasonPres >= 0:
		pi := need.reasonPres
		if ep := &per.episodes[pi]; ep.id != "" && ep.onset < d && (ep.until == models.NoDate || d <= ep.until) {
			return w.seenInClinic(per, pi, d, 0)
		}
		if id := w.referredProblem(per, pi, d, s); id != "" {
			return id
		}
		return w.neededReason(per, need, presOutpatient, d, encID, s)
	case need.reasoned():
		return w.neededReason(per, need, presOutpatient, d, encID, s)
	}
	if id := w.outpatientReason(per, d, 1, s); id != "" {
		return id
	}
	if k := w.heldOn(per, d, heldAny, s); k >= 0 {
		return per.conds[k].id
	}
	return w.reasonFor(per, presOutpatient, d, 0.5, encID, s)
}

// openGPVisit is a GP appointment of the person between days from and to
// that has no reason yet (a check-up), at which problem pi could be raised,
// or -1: a referral made there needs no appointment of its own. A child
// health review is not such an appointment: a baby's new-birth visit or 6-8
// week check is the programme's review, not a consultation that opens an
// acute problem and refers it (eighth review: otitis media "diagnosed" at a
// 12-day new-birth visit, then followed six times in clinic).
func (w *worker) openGPVisit(per *person, pi int, from, to models.Date) int {
	if !per.gpDays.anyIn(max(from, per.firstDay), to) { // every GP appointment marks its day
		return -1
	}
	for e := len(w.b.Encounters) - 1; e >= per.encFrom; e-- {
		x := &w.b.Encounters[e]
		if x.Setting != settingGP || x.ReasonConditionID != "" || slices.Contains(per.childReviews, x.EncounterID) {
			continue
		}
		if d := x.StartTime.Date(); d >= from && d <= to && d >= per.firstDay && w.presAllowed(per, pi, presGP, per.ageOn(d), d) {
			return e
		}
	}
	return -1
}

// keepOpenUntil keeps problem id of presentation pi open until the clinic
// last sees it, on day d: a problem under clinic care is not over.
func (w *worker) keepOpenUntil(per *person, pi int, id string, d models.Date) {
	c := w.conditionRow(per, id) // the last row with the id (condindex.go; a scan from the end was 0.3% of the CPU)
	if c == nil {
		return
	}
	if c.ResolvedDate != models.NoDate && c.ResolvedDate < d {
		c.ResolvedDate = min(d+1, per.lastDay)
		if ep := &per.episodes[pi]; ep.id == id {
			ep.until = c.ResolvedDate
		}
	}
}

// referShare is the chance that a would-be new clinic problem at an age is a
// referred one: higher for children, who hold few conditions a clinic
// follows up, so that their clinic attendances stay near the catalogue's
// rates; a child's referral is made at a GP consultation already booked, so
// their GP appointments stay there too.
func referShare(ref *datasets.OutpatientReferral, age int) float64 {
	if age < ref.ChildUnder {
		return ref.ChildReferredShare
	}
	return ref.ReferredShare
}
