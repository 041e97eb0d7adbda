package generator

import (
	"cmp"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// stay is an inpatient stay: nothing else happens to the patient in it.
// After an emergency one, no planned admission is held for defers days
// (catalogue activity.elective_deferral).
type stay struct {
	start, end models.Timestamp
	defers     models.Date
}

// inStay reports whether t falls strictly inside one of the patient's stays,
// and the end of that stay. A stay that ends on the day of death ends with
// the death (diedInHospital): later that day counts as inside it, so a
// contact moved past it lands after the last day and is not booked. Before
// (twenty-sixth review), generate -n 100000 -s 7 wrote 102 contacts after
// such a stay on the day of death: 50 GP home visits, 23 telephone calls, 2
// A&E attendances, 4 clinics and a flu vaccination.
func inStay(per *person, t models.Timestamp) (models.Timestamp, bool) {
	for _, st := range per.stays {
		if t > st.start && (t < st.end || afterDeathIn(per, st, t)) {
			return st.end, true
		}
	}
	return 0, false
}

// afterDeathIn reports whether t is later on the day of death than stay st,
// which ends that day: the patient died at its end.
func afterDeathIn(per *person, st stay, t models.Timestamp) bool {
	return per.death != models.NoDate && st.end.Date() == per.death && t >= st.end && t.Date() == per.death
}

// settings of presentations, indexes into presPlan.weights.
const (
	presAE = iota
	presEmergency
	presElective
	presOutpatient
	presGP
	numPresSettings
)

// presentation draws a reason for a visit in a setting on day d at an age:
// a held condition's exacerbation or another presentation the person can
// have, by the catalogue's weights. It returns -1 when none applies.
// Presentations open to everyone of the sex are drawn from a precomputed
// alias table (redrawn, a few times, when the person's age or their episodes
// so far rule the draw out); exacerbations join only for people whose
// condition is diagnosed by then.
func (w *worker) presentation(per *person, setting, age int, d models.Date, s *distributions.Stream) int {
	return w.inSeason(per, setting, age, d, w.drawPresentation(per, setting, age, d, s)) // seasons.go
}

// drawPresentation is presentation before the seasons (seasons.go).
func (w *worker) drawPresentation(per *person, setting, age int, d models.Date, s *distributions.Stream) int {
	p := w.plan
	band := p.Cat.BandOf(age)
	open := &p.presOpen[setting][band][per.sex]
	total := open.total + open.uncoded
	held := w.heldPresentations(per)
	weights := w.presWeights[:0]
	for _, h := range held {
		wt := w.presWeight(per, h, setting, band, age, d)
		weights = append(weights, wt)
		total += wt
	}
	w.presWeights = weights
	if total == 0 {
		return -1
	}
	u := s.Float64() * total
	if u < open.total {
		for k := 0; k < 4; k++ {
			if pi := open.index[open.pick.Sample(s)]; w.presAllowed(per, pi, setting, age, d) && w.apartFromEpisode(per, pi, d) {
				if !w.keptAtInfantAge(per, pi, setting, d, s) {
					return rarerAtAge
				}
				if !w.keptForCRB65(per, pi, setting, age, d, s) {
					continue // a pneumonia managed in the other setting at this score (crb65.go): another problem
				}
				return pi
			}
		}
		return -1 // nothing that fits this person (ages, episodes used up)
	}
	if u -= open.total; u < open.uncoded {
		return notBooked // a clinic or a procedure the model does not book
	}
	u -= open.uncoded
	for j, h := range held {
		if u -= weights[j]; u < 0 {
			return h.pi
		}
	}
	return -1
}

// notBooked is presentation's answer for a clinic attendance or a planned
// procedure about a problem the model does not book
// (activity.outpatient_referral uncoded, elective_referral uncoded).
const notBooked = -2

// rarerAtAge is presentation's answer when the problem drawn is turned down
// for a baby's age in days (catalogue infant_relative, gp_min_age_days): at a
// GP contact the baby has nothing new to be seen for.
const rarerAtAge = -3

// presHeld is a presentation that needs a condition (an exacerbation), with
// the index of that condition in the person's conditions; k is -1 for a
// person prone to it (recurrence.go), raisedHeld for one whose condition
// raises it (raisedby.go).
type presHeld struct{ pi, k int }

// heldPresentations lists the presentations that need a condition the person
// holds, of their sex, in catalogue order: the others weigh nothing, so
// presentation skips them. Worked out once per person (again if their
// conditions change).
func (w *worker) heldPresentations(per *person) []presHeld {
	if per.presHeldSet && per.presHeldN == len(per.conds) {
		return per.presHeld
	}
	per.presHeld = per.presHeld[:0]
	for _, i := range w.plan.presCond {
		pr := &w.plan.presentations[i]
		if pr.sex >= 0 && pr.sex != per.sex {
			continue
		}
		if k := heldIndex(per, pr.requires); k >= 0 {
			per.presHeld = append(per.presHeld, presHeld{pi: i, k: k})
		}
	}
	per.presHeld = w.appendProne(per, per.presHeld)  // recurrence.go
	per.presHeld = w.appendRaised(per, per.presHeld) // raisedby.go
	per.presHeldSet, per.presHeldN = true, len(per.conds)
	return per.presHeld
}

// presAllowed reports whether presentation pi fits the person's age and
// whether they have episodes of it left (a cataract, twice at most). An
// emergency is seen in a clinic only as the follow-up of its open episode
// (the fracture clinic after A&E), never first there.
func (w *worker) presAllowed(per *person, pi, setting, age int, d models.Date) bool {
	pr := &w.plan.presentations[pi]
	if age < pr.MinAge || (pr.MaxAge > 0 && age > pr.MaxAge) || (setting == presElective && age < pr.ElectiveMinAge) ||
		d-per.birth < models.Date(pr.MinAgeDays) || (pr.MaxAgeDays > 0 && d-per.birth > models.Date(pr.MaxAgeDays)) {
		return false
	}
	if ch := pr.ChildOperation; setting == presElective && ch != nil && d-per.birth <= models.Date(firstGPDay+ch.ClinicDaysAfterGP[0]) {
		return false // a newborn's operation follows the GP visit of its first week and the clinic (referralsBeforeOperations)
	}
	if pc := pr.Procedure; pc != nil && pc.Removes && per.episodes[pi].ops > 0 {
		return false // no tonsillitis once the tonsils are out
	}
	if pr.NotInPregnancy && per.withoutPeriodsOn(d) {
		return false // no heavy periods while pregnant (pregnancy.go)
	}
	if pr.NotAfterMenopause && w.afterMenopause(per, d) {
		return false // no periods after the menopause (menopause.go)
	}
	if pr.Prone != nil && w.proneOver(per, pi, d) {
		return false // a prone child's recurrences over: operated on, or settled (recurrence.go)
	}
	if pr.EmergencyOnly && (setting == presOutpatient || setting == presElective) {
		ep := &per.episodes[pi]
		return ep.id != "" && ep.onset < d && (ep.until == models.NoDate || d <= ep.until) // a later day: after the A&E visit
	}
	if pr.MaxPerPerson == 0 {
		return true
	}
	if setting == presElective { // operations, not just episodes, are limited
		return per.episodes[pi].ops < pr.MaxPerPerson
	}
	return per.episodes[pi].count < pr.MaxPerPerson
}

func (w *worker) presWeight(per *person, h presHeld, setting, band, age int, d models.Date) float64 {
	wt := w.plan.presentations[h.pi].weights[per.sex][setting]
	if wt == nil || wt[band] == 0 {
		return 0
	}
	if h.k == raisedHeld { // a condition that raises it (raisedby.go)
		return w.raisedWeight(per, h.pi, setting, age, d, wt[band])
	}
	if h.k < 0 { // a person prone to it: the weight above everyone's (recurrence.go)
		if setting != presGP || !w.presAllowed(per, h.pi, setting, age, d) || !w.apartFromEpisode(per, h.pi, d) {
			return 0
		}
		return wt[band] * (w.plan.presentations[h.pi].Prone.Relative - 1)
	}
	if per.conds[h.k].onset > d { // no exacerbation before the diagnosis
		return 0
	}
	if !w.presAllowed(per, h.pi, setting, age, d) || !w.apartFromEpisode(per, h.pi, d) {
		return 0
	}
	return wt[band]
}

// heldIndex is the index in per.conds of catalogue condition ci, or -1.
func heldIndex(per *person, ci int) int {
	for k := range per.conds {
		if per.conds[k].plan.idx == ci {
			return k
		}
	}
	return -1
}

// presentingCondition returns the problem a visit on day d is for: the
// person's episode of that presentation when one is still active (a second
// visit for the same knee, the same cellulitis), else a new acute problem,
// resolving after its duration (a long-standing one such as osteoarthritis
// stays active).
func (w *worker) presentingCondition(per *person, pi, setting int, d models.Date, encID string, s *distributions.Stream) string {
	pr := &w.plan.presentations[pi]
	if ep := &per.episodes[pi]; ep.id != "" && ep.onset <= d && (ep.until == models.NoDate || d <= ep.until) {
		return ep.id
	}
	if encID == pendingGPID { // the GP contact being decided is written: its id now
		encID = w.slotID(&w.pendingGP)
	}
	id := w.ids.row(tagCondition)
	resolved := models.NoDate
	days := w.episodeDays(per, pi, d) // episodedays.go
	if days > 0 {
		resolved = per.resolvedAfter(d, days)
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID:          id,
		PatientID:            per.id,
		ConditionKey:         pr.Key,
		SnomedCode:           pr.Snomed,
		ICD10Code:            pr.ICD10,
		Description:          pr.Description,
		OnsetDate:            d,
		ResolvedDate:         resolved,
		DiagnosisEncounterID: encID,
	})
	until := resolved
	if pr.DurationDays > 0 && until == models.NoDate {
		until = per.lastDay
	}
	if per.episodes[pi].id == "" {
		i, _ := slices.BinarySearch(per.opened, pi)
		per.opened = slices.Insert(per.opened, i, pi)
	}
	first := d // (episodes are written out of day order: a stay before a GP contact's)
	if prev := per.episodes[pi]; prev.count > 0 {
		first = min(first, prev.first)
	}
	per.episodes[pi] = episode{id: id, onset: d, until: until, days: days, count: per.episodes[pi].count + 1, ops: per.episodes[pi].ops, referred: per.episodes[pi].referred, first: first} // operations and referrals count over a life, not an episode
	if pr.fall != nil {
		w.registerResultFall(per, pr.fall, id, d) // resultfall.go: what the prescribers read from now on
	}
	// referred at the complaint's share, or by NICE NG12's rule for haematuria (explained.go)
	if setting == presGP && encID != "" && pr.Refers() && w.redFlagReferral(per, pi, encID, d) {
		per.gpReferrals = append(per.gpReferrals, gpReferral{pi: pi, id: id, onset: d, urgent: true}) // ng12upper.go
	} else if setting == presGP && encID != "" && pr.Refers() && w.refersEpisode(per, pi, id, encID, d) {
		per.gpReferrals = append(per.gpReferrals, gpReferral{pi: pi, id: id, onset: d})
		w.codeUrgentReferral(per, pi, encID, d) // urgentcomplaint.go
	}
	if setting == presGP {
		w.assessAtFirstContact(per, pi, encID, d) // steppedcare.go
	}
	// treated at the first contact (or decided then, for a review: steppedcare.go)
	if encID != "" && (setting == presGP || setting == presAE) && !(setting == presGP && w.firstChoiceIssued(per, pr, pi, encID, id, d, resolved)) {
		for k := range pr.courses {
			if n := pr.courses[k].AfterEpisodes; n > 0 && w.episodesBefore(per, pr.Key, d) < n {
				continue // the step up, for a complaint that keeps returning (own stream: nothing else moves)
			}
			cs := s
			if pr.courses[k].OwnStream {
				own := per.stream(w.plan.Opts.Seed, purposeOwnCourse, uint64(d), uint64(pi), uint64(k))
				cs = &own
			}
			if pr.courses[k].FirstChoice {
				continue // offered above
			}
			if m := pr.courses[k].WithIssued; m != "" && !w.medicineIssuedAtVisit(encID, m) {
				continue // an oral antibiotic for acne only beside its topical combination (withissued.go)
			}
			if !w.firstContactCourse(per, &pr.courses[k], pi, id, d, resolved, setting == presGP, cs) {
				w.shortCourse(per, &pr.courses[k], encID, id, d, resolved, cs)
			}
		}
	}
	return id
}

// episode is a person's current episode of a presentation.
type episode struct {
	id           string
	onset, until models.Date // until NoDate: long-standing
	days         models.Date // its drawn duration (0: long-standing)
	count        int         // episodes so far
	ops          int         // elective admissions (operations) for it so far
	clinic       int         // clinic attendances of the current episode (capped: activity.outpatient_referral)
	gpFollowUps  int         // GP contacts that saw the current episode after the one that opened it (capped: gp_new_problem.follow_ups)
	referred     models.Date // the last referral of the complaint to a clinic, any episode (0: none)
	firstClinic  models.Date // the episode's first clinic attendance (a later-written one may not come before it)
	repaired     bool        // ended by its operation: a later contact does not reopen it
	first        models.Date // the onset of its earliest episode written (count > 0)
}

// reasonFor gives a visit on day d in a setting its reason: with chance
// chronicShare a chronic condition already held, otherwise a presentation
// (written as a new problem). A clinic or a waiting list sees only referred
// problems and follow-ups, never an emergency first. It returns "" only when
// nothing applies. A GP contact with nothing on the record to see opens a
// new problem: a contact a pathway books is about something.
func (w *worker) reasonFor(per *person, setting int, d models.Date, chronicShare float64, encID string, s *distributions.Stream) string {
	id, _ := w.reasonOr(per, setting, d, chronicShare, encID, newProblem, s)
	return id
}

// gpContactReason is reasonFor for a GP contact the background draws
// (gpOther, childCheckups), which may have nothing to see: nothing reports
// that (no problem open or followed up, no condition held, and no new one
// drawn), for the caller to decide what the contact is.
func (w *worker) gpContactReason(per *person, d models.Date, chronicShare float64, encID string, s *distributions.Stream) (reason string, nothing bool) {
	return w.reasonOr(per, presGP, d, chronicShare, encID, reportNothing, s)
}

// withNothingToSee says what a GP contact with nothing on the record to see
// is about: a new problem, or nothing (reported to the caller).
type withNothingToSee int

const (
	newProblem withNothingToSee = iota
	reportNothing
)

// reasonOr is reasonFor, with a GP contact that has nothing to see made
// what ifNothing says.
func (w *worker) reasonOr(per *person, setting int, d models.Date, chronicShare float64, encID string, ifNothing withNothingToSee, s *distributions.Stream) (string, bool) {
	w.lastPres = -1
	u := s.Float64()
	if u < chronicShare {
		// a GP contact drawn for a stable condition mostly sees something else (conditionstate.go)
		if k := w.heldOn(per, d, heldFor(setting), s); k >= 0 && (setting != presGP || w.gpAboutHeld(per, k, d, s)) {
			id, named := "", false
			if setting == presEmergency { // admitted for an acute problem of the condition
				id, named = w.admittedFor(per, k, d, setting, encID, s)
			}
			if !named {
				w.relapseAdmitted(per, k, setting, d)
				return per.conds[k].id, false
			}
			if id != "" {
				return id, false
			}
		}
	}
	if setting == presGP { // most GP contacts see a problem already on the record (gpnewproblem.go)
		if id, none := w.gpKnownProblem(per, d, s); id != "" || (none && ifNothing == reportNothing) {
			return id, none
		}
	}
	if setting == presOutpatient && per.clinicID != "" && d >= per.clinicDay && d-per.clinicDay <= 365 &&
		(per.clinicUntil == models.NoDate || d <= per.clinicUntil+90) && s.Bernoulli(0.5) {
		return per.clinicID, false // a clinic follow-up of the problem it first saw
	}
	age := per.ageOn(d)
	pi := w.presentation(per, setting, age, d, s)
	for try := 0; pi == rarerAtAge && try < 4; try++ {
		if setting == presGP && ifNothing == reportNothing {
			return "", true // no fever to bring a young baby in for: not brought
		}
		pi = w.presentation(per, setting, age, d, s) // a visit that must be about something
	}
	if pi == notBooked && setting == presElective {
		return "", false // a waiting list the model does not book
	}
	if pi >= 0 && setting == presGP && w.plan.presentations[pi].MaxFollowUps > 0 {
		// a capped problem (insomnia) drawn again while its episode is open
		// is one more contact about that episode (presentingCondition): it
		// counts against the cap, and once the cap is spent it is not
		// booked, as gpKnownProblem's follow-ups are not (fix68c: an
		// episode of 1,400 days had 3 follow-ups and 5 more such draws,
		// 10 GP contacts; TestHypnoticsNotStartedInTheVeryOldOrFrail)
		if ep := &per.episodes[pi]; ep.id != "" && ep.onset <= d && (ep.until == models.NoDate || d <= ep.until) {
			if w.followUpsSpent(per, pi, w.acuteLength(per, pi)) && ifNothing == reportNothing {
				return "", true
			}
			ep.gpFollowUps++
		}
	}
	if pi >= 0 && setting == presGP {
		if k := w.flareOfHeld(per, pi, d); k >= 0 { // flareof.go: a flare of a condition held is a review of it
			return per.conds[k].id, false
		}
	}
	if pi >= 0 {
		w.lastPres = pi
		id := w.presentingCondition(per, pi, setting, d, encID, s)
		if setting == presOutpatient { // followed up while open and for three months after
			per.clinicID, per.clinicDay, per.clinicUntil = id, d, per.episodes[pi].until
		}
		return id, false
	}
	switch setting {
	case presElective: // planned care for a condition held, else nothing fits
		if k := w.heldOn(per, d, heldElective, s); k >= 0 {
			return per.conds[k].id, false
		}
		return "", false
	case presOutpatient: // a condition with clinic follow-up, else another referred problem
		if k := w.heldOn(per, d, heldClinic, s); k >= 0 {
			return per.conds[k].id, false
		}
		return w.anyPresentation(per, setting, age, d, encID, s), false
	}
	if pi := w.presentation(per, presEmergency, age, d, s); pi >= 0 && (setting != presGP || w.seenFirstAtGP(per, pi, age)) { // any acute problem (one a GP sees, at a GP contact)
		if w.tooYoungAtGP(per, pi, setting, d) && ifNothing == reportNothing {
			return "", true // a neonate's gastroenteritis is not the GP's (gp_min_age_days): not brought
		}
		w.lastPres = pi
		return w.presentingCondition(per, pi, setting, d, encID, s), false
	}
	held := heldAny
	if setting == presGP {
		held = heldGP
	}
	if k := w.heldOn(per, d, held, s); k >= 0 {
		return per.conds[k].id, false
	}
	// Every limit ruled every draw out (rare: a young child, episodes used
	// up): any presentation of the setting, or failing that an acute one.
	band := w.plan.Cat.BandOf(age)
	for _, set := range []int{setting, presEmergency} {
		if open := &w.plan.presOpen[set][band][per.sex]; open.total > 0 {
			pi := open.index[open.pick.Sample(s)]
			for k := 0; k < 4 && !w.presAllowed(per, pi, set, age, d); k++ { // a few more draws that fit (no eczema in the first weeks)
				pi = open.index[open.pick.Sample(s)]
			}
			if setting == presGP && !w.seenFirstAtGP(per, pi, age) {
				continue // an emergency is not a surgery visit's new problem (gpfallback.go)
			}
			if w.tooYoungAtGP(per, pi, setting, d) && ifNothing == reportNothing {
				return "", true
			}
			w.lastPres = pi
			return w.presentingCondition(per, pi, setting, d, encID, s), false
		}
	}
	return "", false
}

// anyPresentation draws a presentation of the setting that fits the person
// once more (a few tries), or returns "".
func (w *worker) anyPresentation(per *person, setting, age int, d models.Date, encID string, s *distributions.Stream) string {
	open := &w.plan.presOpen[setting][w.plan.Cat.BandOf(age)][per.sex]
	for k := 0; k < 8 && open.total > 0; k++ {
		if pi := open.index[open.pick.Sample(s)]; w.presAllowed(per, pi, setting, age, d) {
			w.lastPres = pi
			return w.presentingCondition(per, pi, setting, d, encID, s)
		}
	}
	return ""
}

// Which held conditions may be a visit's reason: any, those that can bring
// an emergency admission, those with planned hospital care, or those a
// specialist clinic follows up.
const (
	heldAny = iota
	heldAdmits
	heldElective
	heldClinic
	heldGP // heldAny, less a condition before the age its reviews begin (reviewage.go)
)

func heldFor(setting int) int {
	switch setting {
	case presEmergency:
		return heldAdmits
	case presElective:
		return heldElective
	case presOutpatient:
		return heldClinic
	case presGP:
		return heldGP
	}
	return heldAny
}

// heldOn picks one of the chronic conditions held on day d that may be the
// reason (heldAny, heldAdmits, heldElective, heldClinic), or -1.
func (w *worker) heldOn(per *person, d models.Date, which int, s *distributions.Stream) int {
	fits := func(hc *heldCondition) bool {
		if hc.diagnosedOn != 0 && d < hc.diagnosedOn {
			return false // referred urgently, not yet diagnosed by the clinic (urgent.go)
		}
		if hc.over(d) {
			return false // the episode ended (remission.go)
		}
		switch which {
		case heldAdmits:
			return hc.onset <= d && hc.plan.Admits
		case heldElective:
			return hc.onset <= d && hc.plan.Elective && (hc.plan.ElectiveFromStage == 0 || hc.stageOn(d) >= hc.plan.ElectiveFromStage) &&
				(hc.plan.ElectiveMaxAge == 0 || per.ageOn(d) <= hc.plan.ElectiveMaxAge) && // (no cardioversion at 95)
				(hc.plan.Cardioversion == nil || d-hc.onset >= models.Date(hc.plan.Cardioversion.BeforeDays)) // its anticoagulant first runs from the diagnosis (cardioversion.go)
		case heldClinic:
			return hc.clinicFrom != 0 && hc.onset <= d && hc.clinicFrom <= d && !hc.dischargedFromClinic(d) && !per.clinicSeenNear(hc, d, w.plan.Cat.Activity.ChronicClinicIntervalDays)
		case heldGP: // a child's learning disability is not the GP's before the health checks begin at 14 (brief h58f)
			return hc.onset <= d && reviewAge(per, hc.plan, d)
		}
		return hc.onset <= d
	}
	n := 0
	for k := range per.conds {
		if fits(&per.conds[k]) {
			n++
		}
	}
	if n == 0 {
		return -1
	}
	pick := s.IntN(n)
	for k := range per.conds {
		if fits(&per.conds[k]) {
			if pick == 0 {
				return k
			}
			pick--
		}
	}
	return -1
}

// hospitalStays writes the patient's admissions first, so that every other
// contact can keep out of them: the admissions in which heart attacks and
// strokes present (before the waiting list's, which waits for their
// recovery: postponed); emergency admissions (most through A&E), elective
// admissions and day cases, each with its reason; and the terminal admission.
func (w *worker) hospitalStays(per *person) {
	p := w.plan
	per.stays = per.stays[:0]
	per.flares = per.flares[:0]
	w.congenitalStay(per)         // congenital.go: a neonate in hospital from birth comes first
	w.emergencyPresentations(per) // presenting.go: first, so no other stay is in their way
	s := per.stream(p.Opts.Seed, purposeAdmissions, 0)
	for k := range per.conds {
		hc := &per.conds[k]
		ev := hc.plan.OnsetEvent
		if ev == nil || hc.onset < per.firstDay {
			continue
		}
		event := s.Bernoulli(ev.Share)
		// a child is sent to hospital the same day, in the event or not (all_under)
		if !event && per.ageOn(hc.onset) >= ev.AllUnder {
			continue
		}
		reason := hc.id
		if event && ev.Snomed != "" { // the acute event has its own code (a heart attack in coronary disease)
			reason = w.ids.row(tagCondition)
		}
		first := w.emergencyAdmissionVia(per, hc.onset, per.ageOn(hc.onset), reason, event && ev.ViaAE, &s)
		if first == "" {
			continue // already in hospital that day: no event of its own
		}
		hc.presented = true
		hc.diagnosedAt = cmp.Or(hc.diagnosedAt, first) // written with its problem-list row (care.go)
		if event {
			per.stays[len(per.stays)-1].defers = models.Date(p.Cat.Activity.ElectiveDeferral.AfterEventDays)
			w.eventStay(per, ev, hc.onset)
			w.eventLines(per, hc)
		}
		// its first review may follow the discharge (care.go): a child admitted
		// for the diabetes itself leaves on insulin as one in ketoacidosis does
		hc.emergencyEnd = per.stays[len(per.stays)-1].end.Date()
		w.wardStart(per, hc) // wardstart.go: the admission that starts the insulin
		if event && ev.Snomed != "" {
			w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: reason, PatientID: per.id,
				ConditionKey: hc.plan.EventKey(), SnomedCode: ev.Snomed, ICD10Code: ev.ICD10,
				Description: ev.Description, OnsetDate: hc.onset, ResolvedDate: min(hc.onset+28, per.lastDay), DiagnosisEncounterID: first})
		}
	}
	calendarYears(per, purposeAdmissions, p.Opts.Seed, func(from, to models.Date, age int, frac float64, s *distributions.Stream) {
		band := p.Cat.BandOf(age)
		rates := &p.activityByBand
		sx := per.sex
		morb := w.morbidity(per, to)
		for k := s.Poisson(rates.emergency[sx][band] * frac * morb * per.frailty); k > 0; k-- {
			if day := dayIn(from, to, s); w.keptInFirstWeek(per, day, s) {
				w.emergencyStay(per, day, age, "", false, true, s) // A&E decides by the person's state (aetriage.go)
			}
		}
		for k := s.Poisson(rates.elective[sx][band] * frac); k > 0; k-- {
			w.electiveAdmission(per, dayIn(from, to, s), age, s)
		}
	})
	if per.death != models.NoDate {
		w.terminalAdmission(per, &s)
	}
	w.congenitalClinics(per) // once every stay is in place
	w.addStayExtras(per)
}

// morbidity is the multiplier on contact rates for the chronic conditions
// held by day d.
func (w *worker) morbidity(per *person, d models.Date) float64 {
	return 1 + w.plan.Cat.Activity.PerConditionMultiplier*float64(per.heldBy(d))
}

// addStay records an inpatient stay unless it overlaps one already there.
func addStay(per *person, start, end models.Timestamp) bool {
	for _, st := range per.stays {
		if start < st.end && end > st.start {
			return false
		}
	}
	per.stays = append(per.stays, stay{start: start, end: end})
	return true
}

// emergencyAdmission admits the patient, most often through A&E, for the
// reason given or one drawn; it reports false when the stay would overlap
// another.
func (w *worker) emergencyAdmission(per *person, day models.Date, age int, reason string, s *distributions.Stream) bool {
	return w.emergencyAdmissionVia(per, day, age, reason, false, s) != ""
}

// emergencyAdmissionVia is emergencyAdmission, through A&E always when
// throughAE is set (a heart attack or a stroke) or the reason drawn comes
// that way (presentation via_ae: a broken hip). It returns the id of the
// first encounter written, the one that diagnoses, or "" when the stay
// would overlap another.
func (w *worker) emergencyAdmissionVia(per *person, day models.Date, age int, reason string, throughAE bool, s *distributions.Stream) string {
	return w.emergencyStay(per, day, age, reason, throughAE, false, s)
}

// emergencyStay is emergencyAdmissionVia. When triaged is set (an
// admission drawn at the population's rate, not one a condition or a
// cohort needs), A&E decides by the person's state whether an adult seen
// there with a problem drawn for it is admitted (aetriage.go): one it
// does not admit is an A&E attendance only, its id returned as the first.
func (w *worker) emergencyStay(per *person, day models.Date, age int, reason string, throughAE, triaged bool, s *distributions.Stream) string {
	if day > per.lastDay || day < per.firstDay {
		return ""
	}
	start := anyHour(day, s)
	viaAE := s.Bernoulli(w.plan.Cat.Activity.EmergencyViaAE) || throughAE // (drawn either way: the stream stays as it was)
	// a GP arranges an admission from a practice contact in its hours: out
	// of them the route is A&E (gpsentin.go)
	viaAE = viaAE || !w.plan.gpCanSendIn(start)
	los := lengthOfStay(age, s)
	aeEnd := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
	adm := start
	if viaAE {
		adm = aeEnd
	}
	end := w.discharged(per, adm, min(adm.AddMinutes(los), endOfLife(per)))
	if !addStay(per, start, end) {
		return ""
	}
	per.stays[len(per.stays)-1].defers = models.Date(w.plan.Cat.Activity.ElectiveDeferral.AfterEmergencyDays)
	// The first encounter written (the A&E attendance, else the admission)
	// diagnoses a problem drawn here, so its id is taken before the draw.
	first := w.ids.reserve(tagEncounter)
	if reason == "" {
		reason = w.reasonFor(per, presEmergency, day, 0.25, first.id, s)
		if w.lastPres >= 0 && w.plan.presentations[w.lastPres].requires >= 0 {
			per.flares = append(per.flares, flare{cond: w.plan.presentations[w.lastPres].requires, day: day, setting: presEmergency})
		}
		if w.lastPres >= 0 && (w.plan.presentations[w.lastPres].ViaAE || w.sentToAE(per, w.lastPres, day)) && !viaAE {
			viaAE, adm = true, aeEnd // an injury comes through A&E, as a young baby with a fever does
		}
		if decides, admit := w.aeDecides(per, w.lastPres, day); triaged && viaAE && decides && !admit {
			// home from A&E: the stay is the attendance only, so no later
			// stay is placed over it, and defers no planned care
			per.stays[len(per.stays)-1] = stay{start: start, end: aeEnd}
			w.appendReserved(per, first, encAE, settingAE, start, aeEnd, reason, "")
			return first.id
		}
		if w.lastPres >= 0 {
			if days := w.plan.presentations[w.lastPres].StayFor(age); days > 0 { // a longer stay (hip fracture; sepsis by age)
				end = w.discharged(per, adm, min(adm.AddMinutes(int(s.LogNormal(math.Log(days), 0.4)*24*60)), endOfLife(per)))
				if day := adm.AddMinutes(24 * 60); days < 1 && end > day {
					// an observation stay (chest pain ruled out, h70a): home
					// within the day, a discharge hour past it mirrored back
					// inside (258 of 2,525 stays ended at exactly 24 hours
					// when cut there)
					end = max(day-(end-day), adm.AddMinutes(4*60))
				}
				if !extendStay(per, start, end) {
					end = per.stays[len(per.stays)-1].end
				}
			}
		}
	}
	if viaAE {
		w.appendReserved(per, first, encAE, settingAE, start, aeEnd, reason, "")
		w.addEncounter(per, encEmergencyAdmission, settingInpatient, adm, end, reason, admissionViaAE)
	} else {
		w.appendReserved(per, first, encEmergencyAdmission, settingInpatient, adm, end, reason, admissionViaGP)
	}
	return first.id
}

// eventStay gives the admission just written for an onset event its own
// stay (catalogue onset_event stay_days: a stroke's median of 9 days), on a
// stream of its own keyed by the day, when that does not run into another
// stay; it is cut at the end of life.
func (w *worker) eventStay(per *person, ev *datasets.OnsetEvent, day models.Date) {
	if ev.StayDays <= 0 {
		return
	}
	e := &w.b.Encounters[len(w.b.Encounters)-1]
	if e.Setting != settingInpatient || e.PatientID != per.id {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeEventStay, uint64(day))
	days := math.Min(s.LogNormal(math.Log(ev.StayDays), ev.StaySpread), 90) // as lengthOfStay caps it
	end := w.discharged(per, e.StartTime, min(e.StartTime.AddMinutes(int(days*24*60)), endOfLife(per)))
	if end > e.StartTime && extendStay(per, per.stays[len(per.stays)-1].start, end) {
		e.EndTime = end
	}
}

// extendStay lengthens the latest stay to end when no other stay is in the
// way; it reports whether it did.
func extendStay(per *person, start, end models.Timestamp) bool {
	last := len(per.stays) - 1
	for i := 0; i < last; i++ {
		if start < per.stays[i].end && end > per.stays[i].start {
			return false
		}
	}
	per.stays[last].end = end
	return true
}

// electiveAdmission is planned care for a presentation or a condition held:
// four in five are day cases, all of a presentation's whose procedures are
// (catalogue day_case), but an operation with a stay of its own (a joint
// replacement) is an inpatient stay of about that many days. None is
// planned once end-of-life care has begun.
func (w *worker) electiveAdmission(per *person, day models.Date, age int, s *distributions.Stream) {
	d, start := clinicStart(postponed(per, day), s)
	if d > per.lastDay || per.inEndOfLifeCare(d+eolReviewMargin) || acutelyIll(per, d) {
		return
	}
	kind, end := encDayCase, start.AddMinutes(180+30*s.IntN(10))
	if !s.Bernoulli(0.8) {
		kind, end = encElectiveAdmission, start.AddMinutes(lengthOfStay(50, s))
	}
	end = w.discharged(per, start, min(end, endOfLife(per)))
	if !addStay(per, start, end) {
		return
	}
	c0 := len(w.b.Conditions)
	reason := w.reasonFor(per, presElective, d, 0.3, "", s)
	if reason == "" { // nothing planned fits this person: no admission
		per.stays = per.stays[:len(per.stays)-1]
		return
	}
	if w.lastPres >= 0 {
		pr := &w.plan.presentations[w.lastPres]
		per.episodes[w.lastPres].ops++
		if pr.ElectiveStayDays > 0 {
			kind = encElectiveAdmission
			end = min(w.discharged(per, start, start.AddMinutes(int(s.LogNormal(math.Log(pr.ElectiveStayDays), 0.4)*24*60))), endOfLife(per), nextStay(per, start)-1)
			per.stays[len(per.stays)-1].end = max(end, per.stays[len(per.stays)-1].end)
			end = per.stays[len(per.stays)-1].end
		}
		if op := pr.Operation; (pr.DayCase || (op != nil && op.DayCase)) && kind == encElectiveAdmission && pr.ElectiveStayDays == 0 {
			kind, end = encDayCase, min(start.AddMinutes(180+30*s.IntN(10)), endOfLife(per)) // home the same day (a herniotomy)
			per.stays[len(per.stays)-1].end = end
		}
		if len(w.b.Conditions) > c0 { // a new problem: referred by the GP to a clinic first
			per.referrals = append(per.referrals, referral{cond: c0, pres: w.lastPres, day: d})
		}
	}
	if kind == encDayCase { // the list's times and the time in the unit for what is done (daycase.go)
		key := ""
		if w.lastPres >= 0 {
			key = w.plan.presentations[w.lastPres].Key
		}
		start, end = w.retimeDayCase(per, start, end, key)
	}
	w.addEncounter(per, kind, settingInpatient, start, end, reason, "11")
	if w.lastPres >= 0 {
		if op := w.plan.presentations[w.lastPres].Operation; op != nil {
			e := &w.b.Encounters[len(w.b.Encounters)-1]
			e.TypeCode, e.TypeDisplay = op.Snomed, op.Display // typed by its procedure, as an immunisation is
			if op.ResolvedDays > 0 {
				w.resolvedByOperation(per, w.lastPres, reason, d+models.Date(op.ResolvedDays))
			}
		}
	}
}

// postponed is the day a planned admission booked for day d is held: the
// first day clear of every emergency stay and the recovery after it that
// the stay defers planned care for (catalogue activity.elective_deferral).
// Before (twenty-sixth review), 411 of 43,744 planned admissions on
// generate -n 100000 -s 7 came within a week of an emergency discharge.
func postponed(per *person, d models.Date) models.Date {
	for moved := true; moved; {
		moved = false
		for _, st := range per.stays {
			if st.defers > 0 && d >= st.start.Date() && d <= st.end.Date()+st.defers {
				d, moved = st.end.Date()+st.defers+1, true
			}
		}
	}
	return d
}

// acutelyIll reports whether day d falls in the illness a sudden death ends
// (from the onset of its cause): nothing planned is held then. Before
// (twenty-sixth review), a woman whose fatal heart attack was coded from
// 2015-11-10 had a cataract day case on the 11th (generate -n 100000 -s 7).
func acutelyIll(per *person, d models.Date) bool {
	return per.causeOnset != 0 && d >= per.causeOnset
}

// resolvedByOperation ends problem id of presentation pi on day end, the
// operation having treated it (a repaired hernia is not followed up for
// two months), unless it ended before.
func (w *worker) resolvedByOperation(per *person, pi int, id string, end models.Date) {
	end = min(end, per.lastDay)
	if c := w.conditionRow(per, id); c != nil && (c.ResolvedDate == models.NoDate || c.ResolvedDate > end) {
		c.ResolvedDate = end
		if ep := &per.episodes[pi]; ep.id == id {
			ep.until, ep.repaired = end, true
		}
	}
}

// nextStay is the start of the first stay that begins after t, or the end
// of the patient's life.
func nextStay(per *person, t models.Timestamp) models.Timestamp {
	next := endOfLife(per) + 1
	for _, st := range per.stays {
		if st.start > t {
			next = min(next, st.start)
		}
	}
	return next
}

// referral is a planned operation for a new problem, whose GP consultation
// and clinic attendance are written once every stay is known.
type referral struct {
	cond, pres int // the problem's row in the batch, its presentation
	day        models.Date
}

// firstGPDay is the age in days at which a baby born in the record is
// first seen by the GP about a problem to be operated on (an inguinal
// hernia): no planned operation comes before that visit and the clinic
// after it (fourteenth review: a hernia repair at 7 days old had neither).
const firstGPDay = 7

// referralsBeforeOperations writes, for each planned operation on a new
// problem, the GP consultation that first saw it and the outpatient
// attendance it was referred to (NHS e-Referral: an elective admission
// follows a referral and a decision to admit), the problem dated from the GP
// visit. An operation too early in the record keeps its problem as is: the
// referral came before the record.
func (w *worker) referralsBeforeOperations(per *person) {
	ref := &w.plan.Cat.ElectiveReferral
	s := per.stream(w.plan.Opts.Seed, purposeAdmissions, 1)
	for _, r := range per.referrals {
		gpDays, clinicDays := ref.GPDaysBefore, ref.ClinicDaysAfterGP
		if ch := w.plan.presentations[r.pres].ChildOperation; ch != nil && per.ageOn(r.day) <= ch.MaxAge {
			gpDays, clinicDays = ch.GPDaysBefore, ch.ClinicDaysAfterGP // a child's hernia: referred at diagnosis, operated on within weeks
		}
		lo, hi := gpDays[0], gpDays[1]
		gpDay := r.day - models.Date(lo+s.IntN(hi-lo+1))
		if baby := per.birth + firstGPDay; gpDay < baby && per.firstDay == per.birth {
			gpDay = baby // born in the record: the GP sees the problem in the first weeks (an infant's hernia)
		}
		if pr := &w.plan.presentations[r.pres]; per.ageOn(gpDay) < pr.MinAge || gpDay-per.birth < models.Date(pr.MinAgeDays) {
			// not before the age the problem can begin (dental caries from 2)
			gpDay = max(per.birthday(pr.MinAge), per.birth+models.Date(pr.MinAgeDays))
		}
		if gpDay < per.firstDay || gpDay+models.Date(clinicDays[0]) >= r.day {
			continue
		}
		c := &w.b.Conditions[r.cond]
		if w.plan.presentations[r.pres].ReferredBy != "" {
			w.referredElsewhere(per, r, gpDay, clinicDays, &s)
			continue
		}
		gpEnc, gpStart, ok := w.gpVisit(per, gpDay, encGPProblem, c.ConditionID, &s)
		if !ok || gpStart.Date() >= r.day {
			continue
		}
		c.OnsetDate, c.DiagnosisEncounterID = gpStart.Date(), gpEnc
		if ep := &per.episodes[r.pres]; ep.id == c.ConditionID { // not a later episode of the same problem
			ep.onset = gpStart.Date()
		}
		clinicDay := gpStart.Date() + models.Date(clinicDays[0]+s.IntN(clinicDays[1]-clinicDays[0]+1))
		// due on a closed day: a working day after the GP's and before the operation (plannedday.go)
		clinicDay = w.plannedDayWithin(per, min(clinicDay, r.day-1), gpStart.Date()+1, r.day-1)
		for _, day := range []models.Date{clinicDay, gpStart.Date() + 1} { // else the day after the GP (a weekend before the operation)
			_, start, ok := w.outpatientAt(per, day, c.ConditionID, &s)
			if !ok || start.Date() < r.day {
				break
			}
			w.b.Encounters = w.b.Encounters[:len(w.b.Encounters)-1] // no clinic slot before the operation
		}
	}
}

// referredElsewhere writes the clinic attendance before a planned
// operation that someone other than the GP referred (a dentist, for a
// child's extraction under general anaesthesia; presentation referred_by):
// no GP consultation, the referral made on day ref, the clinic some days
// later, and the problem dated by the clinic, whose letter brings it to the
// GP record. Before (fourteenth review), a GP consultation about dental
// caries referred every child to a hospital clinic.
func (w *worker) referredElsewhere(per *person, r referral, ref models.Date, clinicDays [2]int, s *distributions.Stream) {
	c := &w.b.Conditions[r.cond]
	day := min(ref+models.Date(clinicDays[0]+s.IntN(clinicDays[1]-clinicDays[0]+1)), r.day-1)
	enc, start, ok := w.outpatientAt(per, day, c.ConditionID, s)
	if !ok {
		return
	}
	if start.Date() >= r.day {
		w.b.Encounters = w.b.Encounters[:len(w.b.Encounters)-1] // no clinic slot before the operation
		return
	}
	c.OnsetDate, c.DiagnosisEncounterID = start.Date(), enc
	if ep := &per.episodes[r.pres]; ep.id == c.ConditionID {
		ep.onset = start.Date()
	}
}

// terminalAdmission: nearly half of deaths in England happen in hospital
// (catalogue end_of_life hospital_share), so those patients end their record
// with an emergency admission, for the cause of death, that ends at death. A
// background cause may have a share of its own (causes_of_death
// hospital_share: most people dying of pneumonia or sepsis are admitted).
func (w *worker) terminalAdmission(per *person, s *distributions.Stream) {
	share := 0.44 // a catalogue without end_of_life (ONS place of death, approx)
	if eol := w.plan.Cat.EndOfLife; eol != nil {
		share = eol.HospitalShare
	}
	if per.causeBackground >= 0 {
		bc := &w.plan.Cat.BackgroundCauses[per.causeBackground]
		if bc.AtHome { // a sudden infant death: found at home, not admitted
			return
		}
		share = cmp.Or(bc.HospitalShare, share)
	}
	if _, planned := w.homeDeathPlanned(per); planned {
		// anticipatory medicines go with a plan to die at home: few are
		// still admitted (issue 9: 270 of 707 died in hospital)
		share = w.plan.Cat.EndOfLife.Anticipatory.AdmittedShare
	}
	if !s.Bernoulli(share) && !per.diesInHospital && w.keptHome(per) { // pneumoniahome.go
		return
	}
	end := w.deathTime(per) // lifetimes.go
	start := end.AddMinutes(-max(lengthOfStay(per.ageOn(per.death), s), 60))
	if per.diesInHospital { // a neonate in the neonatal unit from birth
		start = w.birthTime(per)
	}
	if start.Date() < per.firstDay {
		start = per.firstDay.Start()
	}
	onDay := models.NoDate                                                           // the day the admission was moved to, when it was (a time in it is drawn below)
	if !per.expectedDeath && per.causeOnset != 0 && per.causeOnset.Start() > start { // a sudden death: admitted with it, not before
		start, onDay = per.causeOnset.Start(), per.causeOnset
	}
	injury := w.causeAdmission(per, s)
	// An accident: admitted with the injury 1-10 days before the death
	// (brief h73a: 0-2 days before, so a hip fracture at 69 with normal
	// observations died 14 minutes after arriving; 2 of the 14 deaths
	// within an hour of an emergency admission's start were an injury's,
	// generate -n 20000 -s 83). A fall's hip fracture or head injury, or a
	// self-poisoning, kills over days, through its complications (NHFD:
	// about 7% dead within 30 days of a hip fracture, approx, recalled), not
	// minutes after arrival with normal signs; 1-10 days: model. One draw,
	// as before.
	if injury >= 0 {
		if d := per.death - models.Date(1+s.IntN(10)); d.Start() > start {
			start, onDay = d.Start(), d
		}
	}
	// the final stay takes precedence: earlier stays that overlap it are cut short
	in := -1 // the earlier stay the final one would begin as it ends
	for i := range per.stays {
		if per.stays[i].end > start {
			start, in, onDay = max(start, per.stays[i].end), i, models.NoDate
		}
	}
	if start >= end {
		return
	}
	ts := per.stream(w.plan.Opts.Seed, purposeTerminalAE)
	if in >= 0 && per.stays[in].end == start { // still in hospital: that stay runs to the death
		w.extendStayToDeath(per, in, end)
		return
	}
	if onDay != models.NoDate { // admitted during the day of onset, not at its midnight
		// a whole minute (twenty-sixth review: the arrival had microseconds,
		// and so did the readings taken at it)
		// and at least a minute into the day, so the A&E attendance that day
		// comes before it (an admission at 00:00 had its A&E at 00:00 too)
		span := int((min(end, (onDay+1).Start()) - onDay.Start()) / models.Timestamp(models.MicrosPerMinute))
		if span < 2 {
			// died in the first minute of that day: no attendance and
			// admission fit before the death (an admission at 00:00 with
			// its A&E at 00:00 too: audit ae-admission-without-ae-attendance,
			// generate -n 30000 -s 9, patient 4165); dead before arrival
			return
		}
		m := int(ts.Float64() * 0.9 * float64(span))
		m = min(max(m, 1), span-1)
		start = onDay.Start().AddMinutes(m)
	}
	per.stays = append(per.stays, stay{start: start, end: end})
	adm := w.ids.reserve(tagEncounter) // it diagnoses what it is drawn for
	reason := per.causeID
	if k := heldRow(per, reason); k >= 0 { // dying of dementia, admitted with delirium or pneumonia
		if id, named := w.admittedFor(per, k, start.Date(), presEmergency, adm.id, s); named && id != "" {
			reason = id
		}
	}
	if reason == "" && injury >= 0 {
		w.lastPres = injury
		reason = w.presentingCondition(per, injury, presEmergency, start.Date(), adm.id, s)
	}
	if reason == "" { // a cause with no clinical code of its own: admitted with a presentation
		reason = w.reasonFor(per, presEmergency, start.Date(), 0.5, adm.id, s)
	}
	w.diagnoses(per, adm.id, reason, start.Date()) // a cause of death begun that day
	method := admissionViaAE
	dur := aeMinutes(&ts)
	ae := start.AddMinutes(-dur)
	// the problem began the day of the admission: so did its A&E attendance
	// (a neonate in the unit from birth has none, and stays from its birth)
	if c := w.conditionRow(per, reason); c != nil && !per.diesInHospital && ae.Date() < c.OnsetDate {
		if later := c.OnsetDate.Start().AddMinutes(dur + ts.IntN(60)); later > start && later < end {
			for k := range per.stays {
				if per.stays[k].start == start && per.stays[k].end == end { // the final stay, added above
					per.stays[k].start = later
				}
			}
			start = later
		}
		ae = max(start.AddMinutes(-dur), c.OnsetDate.Start())
	}
	for _, st := range per.stays {
		if st.end <= start && st.end > ae { // discharged earlier that day: in A&E from then at the earliest
			ae = st.end
		}
	}
	if per.diesInHospital || ae < per.firstDay.Start() {
		method = admissionOtherEmergency // in the neonatal unit from birth, or arrived before the record opens
	} else { // through A&E, as every emergency admission via A&E (twenty-fourth review)
		w.addEncounter(per, encAE, settingAE, ae, start, reason, "")
	}
	w.appendReserved(per, adm, encEmergencyAdmission, settingInpatient, start, end, reason, method)
}

// extendStayToDeath lengthens the earlier stay k, whose end the final
// admission would begin at, to the death at end: a patient readmitted the
// minute they left is one who never left.
func (w *worker) extendStayToDeath(per *person, k int, end models.Timestamp) {
	for i := len(w.b.Encounters) - 1; i >= per.encFrom; i-- {
		if e := &w.b.Encounters[i]; e.Setting == settingInpatient && e.EndTime == per.stays[k].end {
			e.EndTime = end
			break
		}
	}
	per.stays[k].end = end
}

// diagnoses names encounter encID, on day d, as the one that diagnosed
// condition cond when the condition was written before it with none and
// began that day or the day before: the cause of death a final admission is
// for is drawn (causeOfDeath) before the admission is written.
func (w *worker) diagnoses(per *person, encID, cond string, d models.Date) {
	if cond == "" {
		return
	}
	for i := len(w.b.Conditions) - 1; i >= 0 && w.b.Conditions[i].PatientID == per.id; i-- {
		if c := &w.b.Conditions[i]; c.ConditionID == cond {
			if c.DiagnosisEncounterID == "" && (c.OnsetDate == d || c.OnsetDate == d-1) {
				c.DiagnosisEncounterID = encID
			}
			return
		}
	}
}

// outpatient books a clinic appointment on or after day d for a reason,
// outside any stay, and returns its id and day; it reports false when none
// fits before the last day.
func (w *worker) outpatient(per *person, d models.Date, reason string, s *distributions.Stream) (string, models.Date, bool) {
	id, start, ok := w.outpatientAt(per, d, reason, s)
	return id, start.Date(), ok
}

// outpatientAt is outpatient, reporting the attendance's start time.
func (w *worker) outpatientAt(per *person, d models.Date, reason string, s *distributions.Stream) (string, models.Timestamp, bool) {
	d, start, end, ok := clinicSlot(per, d, reason, s)
	if !ok {
		return "", 0, false
	}
	return w.clinicAt(per, d, start, end, reason), start, true
}

// clinicAt writes the clinic attendance clinicSlot found (day d, start to
// end) for a reason and returns its id: outpatientAt's booking, for a
// caller that checks the slot first.
func (w *worker) clinicAt(per *person, d models.Date, start, end models.Timestamp, reason string) string {
	id := w.addEncounter(per, encOutpatient, settingOutpatient, start, end, reason, "")
	if reason != "" {
		per.clinicVisits = append(per.clinicVisits, clinicVisit{d, reason})
	}
	return id
}

// clinicSlot is the day, start and end of a clinic appointment on or after
// day d for a reason ("" not yet known), outside any stay; false when none
// fits before the last day.
func clinicSlot(per *person, d models.Date, reason string, s *distributions.Stream) (models.Date, models.Timestamp, models.Timestamp, bool) {
	d, start := clinicStart(d, s)
	for {
		if end, in := inStay(per, start); in {
			d, start = clinicStart(end.Date()+1, s)
		} else if reason != "" && per.seenInClinicOn(d, reason) { // once a day per problem
			d, start = clinicStart(d+1, s)
		} else {
			break
		}
	}
	if d > per.lastDay {
		return 0, 0, 0, false
	}
	return d, start, start.AddMinutes(15 + 5*s.IntN(4)), true
}

// clinicVisit is a clinic attendance's day and reason.
type clinicVisit struct {
	day    models.Date
	reason string
}

// seenInClinicOn reports whether the person already attends a clinic on day
// d for the reason: a clinic sees a problem once a day. A staged condition's
// rows count as one problem (restageReasons later points every visit at the
// row of its day), and so do a pregnancy and the hypertension found in it
// (brief h64f: the maternity unit's weekly check fell on a midwife's day).
func (per *person) seenInClinicOn(d models.Date, reason string) bool {
	problem := ""
	for _, v := range per.clinicVisits {
		if v.day != d { // most visits: no need to look the problem up
			continue
		}
		if problem == "" {
			problem = per.problemOf(reason)
		}
		if per.problemOf(v.reason) == problem {
			return true
		}
	}
	return false
}

// clinicSeenNear reports whether a clinic sees condition hc within days of
// day d, before or after (background attendances are drawn in no order of
// day): a long-term condition is followed up in clinic at most once in that
// interval (catalogue activity.chronic_clinic_interval_days).
func (per *person) clinicSeenNear(hc *heldCondition, d models.Date, days int) bool {
	for _, v := range per.clinicVisits {
		if gap := v.day - d; gap < models.Date(days) && gap > -models.Date(days) && (v.reason == hc.id || stagedIn(hc.staged, v.reason)) {
			return true
		}
	}
	return false
}

// problemOf is the first row of the staged condition a row id belongs to,
// or the id itself.
func (per *person) problemOf(id string) string {
	for _, po := range per.partOf { // gestational hypertension is the pregnancy's
		if po[0] == id {
			return po[1]
		}
	}
	for k := range per.conds {
		if rows := per.conds[k].staged; len(rows) > 1 && stagedIn(rows, id) {
			return rows[0].id
		}
	}
	return id
}

// causeAdmission picks the presentation a death from a background cause
// that names them (admitted_with: an accident's head injury or hip
// fracture) is admitted with, by the presentations' A&E and emergency
// weights at the person's age, or -1.
func (w *worker) causeAdmission(per *person, s *distributions.Stream) int {
	if per.causeBackground < 0 {
		return -1
	}
	list := w.plan.causeAdmits[per.causeBackground]
	if len(list) == 0 {
		return -1
	}
	age := per.ageOn(per.death)
	band := w.plan.Cat.BandOf(age)
	weight := func(pi int) float64 {
		if !w.presAllowed(per, pi, presEmergency, age, per.death) {
			return 0
		}
		sum := 0.0
		for _, set := range []int{presEmergency, presAE} { // an injury seen in A&E, then admitted
			if wt := w.plan.presentations[pi].weights[per.sex][set]; wt != nil {
				sum += wt[band]
			}
		}
		return sum
	}
	if k := s.PickBy(len(list), func(k int) float64 { return weight(list[k]) }); k >= 0 {
		return list[k]
	}
	return list[0]
}
