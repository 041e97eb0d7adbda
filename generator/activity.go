package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// calendarYears walks the patient's history a calendar year at a time,
// calling fn with each span [from, to] (inclusive days) inside the history,
// the patient's age in it, the fraction of a year it covers and a stream
// keyed by the year: what happens in a year never depends on the window's
// start, so moving the as-of date only cuts a record.
func calendarYears(per *person, purpose, seed uint64, fn func(from, to models.Date, age int, frac float64, s *distributions.Stream)) {
	y0, _, _ := per.firstDay.YMD()
	y1, _, _ := per.lastDay.YMD()
	if per.walking { // one stream per person: a walk inside another would move the outer one's draws
		panic("calendarYears: a walk inside a walk")
	}
	per.walking = true
	defer func() { per.walking = false }()
	s := &per.walk // one for the walk: fn keeps a pointer to it
	for y := y0; y <= y1; y++ {
		from := max(yearStart(y), per.firstDay)
		to := min(yearStart(y+1)-1, per.lastDay)
		if from > to {
			continue
		}
		*s = per.stream(seed, purpose, uint64(y))
		age := per.ageOn(from + (to-from)/2)
		fn(from, to, max(age, 0), float64(to-from+1)/365.25, s)
	}
}

// yearStart is 1 January of a year (from a table for the years lives span:
// the history walks call it twice a year per purpose).
func yearStart(y int) models.Date {
	if k := y - firstTabledYear; k >= 0 && k < len(januaryFirsts) {
		return januaryFirsts[k]
	}
	return models.CivilDate(y, 1, 1)
}

const firstTabledYear = 1880

var januaryFirsts = func() (t [260]models.Date) {
	for k := range t {
		t[k] = models.CivilDate(firstTabledYear+k, 1, 1)
	}
	return
}()

func dayIn(from, to models.Date, s *distributions.Stream) models.Date {
	return from + models.Date(s.IntN(int(to-from)+1))
}

// acuteEpisodes draws self-limiting episodes from the catalogue: each is a
// problem-list entry that resolves, seen at the GP or in A&E, sometimes with
// an acute course of medicine.
func (w *worker) acuteEpisodes(per *person) {
	p := w.plan
	calendarYears(per, purposeAcute, p.Opts.Seed, func(from, to models.Date, age int, frac float64, s *distributions.Stream) {
		band := p.Cat.BandOf(age)
		for ai := range p.acute {
			a := &p.acute[ai]
			n := s.Poisson(a.Rate[band] * frac)
			for k := 0; k < n; k++ {
				if day := w.seasonalDay(per, a.season, uint64(ai), from, to, s); w.clearOfEpisodes(per, a.Key, "", day) { // not the same illness as one on the record (activity.episode_gap_days)
					w.acuteEpisode(per, a, day, s)
				}
			}
		}
	})
}

func (w *worker) acuteEpisode(per *person, a *acutePlan, day models.Date, s *distributions.Stream) {
	if day-per.birth < models.Date(a.MinAgeDays) {
		return // too young for it (a sprain before walking)
	}
	condID := w.ids.row(tagCondition)
	var encID string
	var start models.Timestamp
	if a.Setting == settingAE {
		start = anyHour(day, s)
		if _, in := inStay(per, start); in || day > per.lastDay {
			return
		}
		end := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
		encID = w.addEncounter(per, encAE, settingAE, start, end, condID, "")
	} else {
		var ok bool
		// a weekend's problems seen over the next week (h63i); onset is
		// the day seen, so it moves with it
		if encID, start, ok = w.gpVisit(per, w.openDay(per, day), encGPProblem, condID, s); !ok {
			return
		}
	}
	onset := start.Date()
	resolved := per.resolvedAfter(onset, models.Date(a.DurationDays))
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID:          condID,
		PatientID:            per.id,
		ConditionKey:         a.Key,
		SnomedCode:           a.Snomed,
		ICD10Code:            a.ICD10,
		Description:          a.Description,
		OnsetDate:            onset,
		ResolvedDate:         resolved,
		DiagnosisEncounterID: encID,
	})
	w.shortCourse(per, &a.course, encID, condID, onset, resolved, s)
	if a.FollowUp != nil {
		w.acuteFollowUp(per, a, condID, onset)
	}
}

// shortCourse prescribes an episode's acute course, by its chance, at the
// regimen that suits the patient's age (a liquid for a young child), when the
// rules allow it on the day. A condition that rules the drug out, diagnosed
// during the course, ends it. until is the episode's resolution (NoDate:
// open), to which a for_episode course runs on as a repeat.
func (w *worker) shortCourse(per *person, c *shortCoursePlan, encID, condID string, onset, until models.Date, s *distributions.Stream) {
	if c.meds == nil || (c.sex >= 0 && c.sex != per.sex) {
		return
	}
	if !s.Bernoulli(c.Probability) && !w.immediateInPregnancy(per, c.meds, onset) { // drawn either way: no stream moves
		return
	}
	age := per.ageOn(onset)
	if age < c.MinAge || (c.MaxAge > 0 && age > c.MaxAge) {
		return
	}
	meds := c.meds
	if c.older != nil && age >= c.Older.FromAge { // paracetamol, not an oral NSAID, for osteoarthritis from 75
		meds = c.older
	}
	if allergic(per, meds, onset) { // the course's alternative, when it names one
		if meds = c.alt; meds == nil {
			return
		}
	}
	end := min(onset+models.Date(max(c.Days, 1)-1), per.lastDay)
	repeatTo := models.NoDate // the last day of a for_episode course's repeat (NoDate: none)
	if c.ForEpisode {
		if w.covered(per, meds, onset) >= 0 { // the medicine of its class already running serves
			return
		}
		repeatTo = episodeCourseEnd(per, meds, onset, until) // episodedays.go
		end = min(end, repeatTo)
	}
	if !w.contactStartTests(per, meds, encID, onset) { // an eGFR before an oral NSAID from 75 (contactstarttests.go)
		return // due, and not taken by telephone: not started on none
	}
	egfr := w.latestEGFR(per, onset)
	first := meds
	meds = w.allowedChoice(per, c, meds, onset, end, egfr)
	if alt := w.pregnancyAnalgesic(per, first, meds, onset, end, egfr); alt != nil { // paracetamol in pregnancy (pregnancyanalgesia.go)
		meds, repeatTo = alt, models.NoDate // a course of its own, no repeat
		end = min(onset+models.Date(max(c.Days, 1)-1), per.lastDay)
	}
	if !c.ForEpisode {
		end = w.pregnancyCourseEnd(per, meds, onset, end) // 7 days of nitrofurantoin in pregnancy (pregnancycourse.go)
	}
	if alt, altEnd := w.nearTermChoice(per, meds, onset, end, egfr); alt != nil { // not nitrofurantoin at term (pregnancynearterm.go)
		meds, repeatTo, end = alt, models.NoDate, altEnd
	}
	if meds == nil {
		return
	}
	if first := w.firstToTry(per, meds, onset, end, egfr); first != nil { // paracetamol before co-codamol from 85
		meds, repeatTo = first, models.NoDate // a course of its own, no repeat
		end = min(onset+models.Date(max(c.Days, 1)-1), per.lastDay)
	}
	if w.heldByRunning(per, meds, onset, end) { // no paracetamol beside co-codamol, which holds it (triedfirst.go)
		return
	}
	// A long-term course of its exclusive class (or the medicine itself)
	// serves: no acute omeprazole beside a repeat one for reflux, no second
	// hypnotic (eighteenth review).
	if !c.ForEpisode && len(meds.exclusive) > 0 {
		if w.covered(per, meds, onset) >= 0 {
			return
		}
		end = w.untilCourse(per, meds, onset, end)
		if end = episodeRepeatUntil(per, meds, onset, end); end < onset {
			return
		}
	}
	// A course of the medicine itself written to begin after the contact
	// (colchicine cover from the review that starts allopurinol days after
	// a flare is seen: startcover.go) ends the acute course the day before;
	// before (brief h55b), the flare seen then had nothing (5 more untreated
	// flare contacts on generate -n 20000 -s 97).
	if !c.ForEpisode && len(meds.exclusive) == 0 {
		end = w.untilCourse(per, meds, onset, end)
	}
	if c.notBeside && w.medRunning(per, meds, onset, end) { // contactladder.go
		return
	}
	reg := courseRegimen(per, c, meds, onset, egfr)
	if r := w.pregnancyRegimen(per, meds, onset); r != nil && !c.ForEpisode {
		reg = r // 7 days of nitrofurantoin say so (pregnancycourse.go)
	}
	if reg == nil {
		return // no dose for the age: a neonate's antibiotic is given in hospital (regimens.csv min_age_days)
	}
	for _, cls := range meds.exclusive { // one of the class a visit (one topical steroid potency)
		if w.issuedAtVisit(encID, cls) {
			return
		}
	}
	if end = w.stepAcute(per, meds, onset, end); end < onset { // companions.go
		return
	}
	for _, ci := range meds.contraCnd {
		if k := heldIndex(per, ci); k >= 0 && per.conds[k].onset > onset && per.conds[k].onset <= end {
			end = per.conds[k].onset - 1
		}
		if k := heldIndex(per, ci); k >= 0 && repeatTo != models.NoDate && per.conds[k].onset > onset && per.conds[k].onset <= repeatTo {
			repeatTo = per.conds[k].onset - 1
		}
	}
	if e := w.episodeOnsetIn(per, meds, onset+1, max(end, repeatTo)); e != models.NoDate { // (an injury during the course ends it)
		end, repeatTo = min(end, e-1), min(repeatTo, e-1)
	}
	if repeatTo != models.NoDate && repeatTo > end {
		per.episodeRepeats = append(per.episodeRepeats, episodeRepeat{reg: reg, step: c.Step, meds: meds, cond: condID, from: end + 1, to: repeatTo})
	}
	w.stopFirstTried(per, meds, onset) // the paracetamol course co-codamol steps up from (triedfirst.go)
	w.issue(per, encID, condID, reg, onset, end, models.PrescriptionAcute)
	per.noteInteractionChecks(meds, onset)            // an INR days into an antibiotic beside warfarin (interactions.go)
	if r := meds.renal; r != nil && r.StopBelow > 0 { // judged again once every result is written (renalstarts.go)
		per.renalAcute = append(per.renalAcute, renalAcuteIssue{rx: len(w.b.Prescriptions) - 1, course: c})
	}
	w.acuteCompanion(per, meds, age) // a PPI beside an NSAID from 65
}

// courseRegimen is the regimen of a short course of meds begun on day
// onset: the course's dose step, or the renal dose band's (gabapentin by
// eGFR; eighteenth review) when higher, for the patient's age; nil when
// there is none for the age (a neonate's antibiotic is given in hospital:
// regimens.csv min_age_days).
func courseRegimen(per *person, c *shortCoursePlan, meds *medPlan, onset models.Date, egfr float64) *datasets.Regimen {
	step := c.Step
	if r := meds.renal; r != nil {
		if rs, ok := r.DoseStep(egfr); ok {
			step = max(step, rs)
		}
	}
	reg := meds.regimen(per.ageOn(onset), step)
	if reg == nil || onset-per.birth < models.Date(reg.MinAgeDays) {
		return nil
	}
	return reg
}

// untilCourse is the end of an acute course of m from onset to end, cut to
// the day before a long-term course of its exclusive class (or m itself)
// starts within it: the repeat PPI for reflux takes over from the
// indigestion's course. An open end (models.NoDate: a companion beside an
// open repeat) is cut the same way, and stays open when nothing starts.
func (w *worker) untilCourse(per *person, m *medPlan, onset, end models.Date) models.Date {
	for k := range per.courses {
		c := &per.courses[k]
		if c.start > onset && (end == models.NoDate || c.start <= end) && (c.med == m.med || sharesClass(c.meds.med.Key, m.exclusive)) {
			end = c.start - 1
		}
	}
	return end
}

// episodeRepeatUntil is untilCourse for the repeats of for_episode courses
// already decided (a hypnotic on repeat for a lasting insomnia): the acute
// course is cut to the day before one starts, and none is left (an end
// before onset) while one runs.
func episodeRepeatUntil(per *person, m *medPlan, onset, end models.Date) models.Date {
	for _, r := range per.episodeRepeats {
		if r.from > end || r.to < onset || (r.reg.Medicine != m.med.Key && !sharesClass(r.reg.Medicine, m.exclusive)) {
			continue
		}
		if r.from <= onset {
			return onset - 1
		}
		end = r.from - 1
	}
	return end
}

// allowedChoice is the first of the course's choices the prescribing rules
// allow from onset to end: meds (the drug, or its allergy alternative),
// then if_ruled_out, then then_ruled_out; nil when none is.
func (w *worker) allowedChoice(per *person, c *shortCoursePlan, meds *medPlan, onset, end models.Date, egfr float64) *medPlan {
	for _, m := range [...]*medPlan{meds, c.last, c.then} {
		if m != nil && !w.coverRuns(per, m, onset) && w.allowedCourse(per, m, onset, end, egfr) { // startcover.go
			return m
		}
	}
	return nil
}

// resolvedAfter is the resolution date of a problem begun on day d that
// lasts days: open (NoDate) when that falls past the record's last day,
// unless the person died, when it resolves at death.
func (per *person) resolvedAfter(d, days models.Date) models.Date {
	if resolved := d + days; resolved <= per.lastDay {
		return resolved
	}
	if per.death != models.NoDate {
		return per.death
	}
	return models.NoDate // still active on the last day
}

// allowedCourse reports whether a short course of the medicine may run from
// onset to end: the rules allow it on its first day, and no medicine of a
// class it must not run with starts before it ends.
func (w *worker) allowedCourse(per *person, m *medPlan, onset, end models.Date, egfr float64) bool {
	if !w.allowed(per, m, onset, egfr, -1) { // allergy, interactions, kidneys
		return false
	}
	if w.interactionAvoided(per, m, onset) { // no acute NSAID beside methotrexate (interactions.go)
		return false
	}
	for _, cls := range m.contraCls {
		if w.classRunning(per, cls, end, -1) {
			return false
		}
	}
	if w.pairRunning(per, m, end, -1) {
		return false
	}
	return !w.startBarred(per, m, onset, end) // nor a class it must not start beside over the course
}

// aeMinutes is an A&E stay: log-normal around 2.5 hours, 30 min to 12 hours.
func aeMinutes(s *distributions.Stream) int {
	return int(math.Min(720, math.Max(30, s.LogNormal(math.Log(150), 0.5))))
}

// background draws the rest of the patient's activity at the catalogue's
// rates for their age and sex, raised by the chronic conditions held and
// scaled by the person's own contact rate: GP appointments (some with
// opportunistic measurements), A&E attendances and outpatient attendances,
// each with its reason, none during a stay.
func (w *worker) background(per *person) {
	p := w.plan
	rates := &p.activityByBand
	calendarYears(per, purposeActivity, p.Opts.Seed, func(from, to models.Date, age int, frac float64, s *distributions.Stream) {
		band := p.Cat.BandOf(age)
		morb := w.morbidity(per, to)
		sx := per.sex
		occasions := p.Cat.Activity.GPNewProblem.Occasions[band] // a child with nothing to see is not brought (gpOther)
		for k := s.Poisson(rates.gp[sx][band] * occasions * frac * w.gpMorbidity(per, to) * per.frailty); k > 0; k-- {
			w.gpOther(per, w.openDay(per, dayIn(from, to, s)), age, s) // a weekend's contacts over the next week, not all on Monday (h63i)
		}
		for k := s.Poisson(rates.ae[sx][band] * frac * per.frailty); k > 0; k-- {
			start := anyHour(dayIn(from, to, s), s)
			if _, in := inStay(per, start); in || start.Date() > per.lastDay || !w.keptInFirstWeek(per, start.Date(), s) {
				continue
			}
			encID := w.addEncounter(per, encAE, settingAE, start, min(start.AddMinutes(aeMinutes(s)), endOfLife(per)), "", "")
			e := len(w.b.Encounters) - 1
			w.b.Encounters[e].ReasonConditionID = w.reasonFor(per, presAE, start.Date(), 0, encID, s)
			e = w.aeAdmits(per, w.lastPres, w.b.Encounters[e].ReasonConditionID, e)   // a young baby with bronchiolitis or a fever (aeadmit.go); may drop check-ups before e
			w.aeTriageAdmits(per, w.lastPres, w.b.Encounters[e].ReasonConditionID, e) // an adult A&E admits by their state (aetriage.go)
		}
		for k := s.Poisson(rates.outpatient[sx][band] * frac * morb * per.frailty); k > 0; k-- {
			day := dayIn(from, to, s)
			if per.inEndOfLifeCare(day + eolReviewMargin) {
				continue // end-of-life care: no routine clinic follow-up
			}
			if e, d, seq, ok := w.pendingClinic(per, day, s); ok {
				if reason := w.outpatientReason(per, d, referShare(&p.Cat.Activity.OutpatientReferral, per.ageOn(d)), s); reason != "" && !per.seenInClinicOn(d, reason) {
					w.keepClinic(e, seq, reason)
					w.clinicAttendanceReadings(per, w.b.Encounters[e].EncounterID, reason, w.b.Encounters[e].StartTime, seq) // clinicdischarge.go
					per.clinicVisits = append(per.clinicVisits, clinicVisit{d, reason})
				} else { // nothing this person could be referred for, or seen for it that day already: no attendance
					w.b.Encounters = w.b.Encounters[:e]
				}
			}
		}
	})
}

// gpOther is a GP appointment outside the routine reviews: face to face, by
// telephone, or a home visit for the oldest, about a chronic condition held,
// a new problem, or (for the rest) nothing on the record (nothingToSee: a
// blood pressure check when one is due, else a query by telephone); with the
// opportunistic measurements practices record (blood pressure, weight,
// smoking, and an HbA1c where there is a reason: opportunistichba1c.go).
func (w *worker) gpOther(per *person, day models.Date, age int, s *distributions.Stream) {
	kind := encGPConsultation
	act := &w.plan.Cat.Activity
	switch u := s.Float64(); {
	case u < act.GPTelephoneShare && day-per.birth >= models.Date(act.FaceToFaceUnderDays):
		kind = encGPTelephone
	case u < act.GPTelephoneShare: // a young baby is seen, not phoned
	case u >= 0.3 && u < 0.35 && age >= 80:
		kind = encGPHomeVisit
	case u < 0.65:
		kind = encGPProblem
	}
	chronic := math.Min(0.6, act.GPChronicShare*float64(per.heldBy(day)))
	// A check-up booked as one has nothing to see (nothingToSee decides what
	// it is for an adult); a child's is given a problem once the referrals
	// that may use it are made (childCheckups).
	withReason := kind != encGPConsultation || s.Bernoulli(0.5)
	ct := contactOf(kind)
	if !withReason && age >= 18 {
		ct = contactHealthCheck // a nurse's or healthcare assistant's, if a blood pressure check
	}
	obsFrom := len(w.b.Observations)
	// The appointment is written once it is known to be for something: two
	// in three drawn are not (thirteenth review), and writing then dropping
	// them cost a tenth of the generator's time.
	sl, ok := w.bookGP(per, day, kind, ct, s)
	if !ok {
		return
	}
	start := sl.start
	// In end-of-life care (bookGP makes the appointment a home visit,
	// catalogue end_of_life) a contact is about the condition the person is
	// dying of, and no routine measurement is taken: 378 such home visits
	// had no reason and nothing recorded (30,000 patients, seed 5).
	eol := per.inEndOfLifeCare(start.Date())
	if eol && per.causeID != "" {
		// at most one about it in contact_gap_days.end_of_life, or dying in the last weeks (contactgap.go)
		gap := act.GPConditionState.ContactGapDays.EndOfLife
		if per.death != models.NoDate {
			gap = act.GPConditionState.ContactGapDays.EndOfLifeGap(int(per.death - start.Date()))
		}
		if !bookIfClear(per, aboutCause, start.Date(), gap) {
			per.gpDays.remove(start.Date())
			return
		}
		w.writeGP(per, &sl, per.causeID)
		return
	}
	adult := per.ageOn(start.Date()) >= 18 // the age on the day: the period's may be a year younger
	if withReason {
		// With no problem to see (gpnewproblem.go) an adult's contact is
		// decided below and a child is not brought: no new problem is made
		// up for the visit.
		// The contact's id is formatted only if a problem is opened at it
		// (pendingGPID): most contacts decided here are not written, and
		// their ids were half of all the generator's allocation (stop 49).
		w.pendingGP = sl // a problem opened now may read the contact's time (encounterStart)
		reason, none := w.gpContactReason(per, start.Date(), chronic, pendingGPID, s)
		sl.id, w.pendingGP = w.pendingGP.id, gpSlot{}
		if none && !adult {
			per.gpDays.remove(start.Date())
			return
		}
		withReason = !none
		if withReason {
			if sl.kind == encGPTelephone && w.seenNotPhoned(per, reason, start.Date()) { // seenfor.go
				sl.kind, sl.ct = encGPProblem, contactOf(encGPProblem)
			}
			w.writeGP(per, &sl, reason)
			gpEnc := len(w.b.Encounters) - 1
			if reason != "" && heldRow(per, reason) < 0 {
				w.symptomConsultation(gpEnc)
			}
			if w.lastPres >= 0 {
				w.sameDayHospital(per, w.lastPres, reason, w.b.Encounters[gpEnc].EndTime)
			}
		}
	}
	if !adult || eol {
		if !withReason {
			w.writeGP(per, &sl, "") // a child's, given a problem later (childCheckups)
		} else if !adult {
			w.childContactMeasures(per, len(w.b.Encounters)-1) // childcontact.go
		}
		return
	}
	if !withReason {
		bpCheck, booked := w.nothingToSee(per, &sl, s)
		if !booked { // nothing to see, no check due, no query: not booked (as a child is not brought)
			per.gpDays.remove(start.Date())
			return
		}
		if !bpCheck {
			return // a query by telephone: nothing examined
		}
	}
	gpEnc := len(w.b.Encounters) - 1
	encID := sl.id // written: formatted
	if w.b.Encounters[gpEnc].TypeCode == w.plan.encTypes[encGPTelephone].Code {
		w.phoneReview(per, gpEnc, obsFrom) // phonereview.go: what can be asked by telephone
		return
	}
	slot := &w.plan.slots
	t := start.AddMinutes(5)
	// an opportunistic reading at a problem contact, unless one was taken
	// within opportunistic_bp_gap_days (checkup.go)
	if (s.Bernoulli(0.2) && !w.bloodPressureNear(per, start.Date(), models.Date(act.GPConditionState.OpportunisticBPGapDays))) || !withReason {
		w.observe(per, encID, t, slot.systolic, s)
		w.observe(per, encID, t, slot.diastolic, s)
	}
	if !withReason {
		if k := bloodPressureTargetHeld(per, start.Date(), slot.systolic); k >= 0 {
			w.b.Encounters[gpEnc].ReasonConditionID = per.conds[k].id
		}
		w.riskAtHealthCheck(per, encID, t) // cvdrisk.go: the NHS Health Check's score
	}
	if s.Bernoulli(0.08) {
		w.observe(per, encID, t, slot.weight, s)
		w.observe(per, encID, t, slot.bmi, s)
	}
	if s.Bernoulli(0.05) {
		w.observe(per, encID, t, slot.smoking, s)
	}
	// an HbA1c drawn for is taken only with a reason (opportunistichba1c.go)
	if oh := &act.OpportunisticHbA1c; age >= oh.FromAge && s.Bernoulli(oh.Share) && !w.diagnosticBeforeDiagnosis(per, slot.hba1c, start.Date()) {
		if w.hba1cReason(per, withReason, w.b.Encounters[gpEnc].ReasonConditionID, start.Date()) && !w.diagnosticNearDiagnosis(per, slot.hba1c, start.Date()) {
			w.observe(per, encID, t, slot.hba1c, s)
		} else {
			w.drawNotTaken(per, slot.hba1c, t, s) // no reason, or noise could find a condition developing: not taken, its draws made (no other draw moves)
		}
	}
	if withReason {
		w.contactMeasurements(per, encID, w.b.Encounters[gpEnc].ReasonConditionID, t, obsFrom, s)
	}
}

// bloodPressureTargetHeld is the condition, diagnosed by day d, whose care
// target is the systolic pressure (hypertension), or -1: a blood pressure
// check of someone treated to that target is about it. Before this 16,128
// check-ups of people with hypertension had no reason (20,000 patients,
// seed 7).
func bloodPressureTargetHeld(per *person, d models.Date, systolic int) int {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.plan.CareTarget != nil && hc.plan.targetSlot == systolic && hc.onset <= d && hc.id != "" {
			return k
		}
	}
	return -1
}

// lengthOfStay is an inpatient stay in minutes: log-normal, longer with age.
func lengthOfStay(age int, s *distributions.Stream) int {
	medianDays := 1.5 + float64(max(age-40, 0))/15
	days := s.LogNormal(math.Log(medianDays), 0.8)
	return int(math.Min(days, 90) * 24 * 60)
}

// symptomConsultation makes GP appointment e, now about a new or recent
// acute problem, a consultation for a symptom if it was booked as a
// check-up.
func (w *worker) symptomConsultation(e int) {
	if x := &w.b.Encounters[e]; x.TypeCode == w.plan.encTypes[encGPConsultation].Code {
		et := &w.plan.encTypes[encGPProblem]
		x.TypeCode, x.TypeDisplay = et.Code, et.Display
		if x.PractitionerID != "" && !w.prescribes(x.PractitionerID) { // a problem is the GP's
			x.PractitionerID = w.encounterPractitioner(&w.per, w.per.practiceAt(x.StartTime), uint64(rowSeq(x.EncounterID)), contactGPProblem)
		}
	}
}

// asCheckUp makes GP appointment e, with nothing else to see, the blood
// pressure check an adult is due (nothingToSee): typed a check-up, face to
// face (a home visit stays one), and seen by whom the practice gives its
// health checks (workforce.yaml health_check).
func (w *worker) asCheckUp(e int) {
	x := &w.b.Encounters[e]
	if x.TypeCode == w.plan.encTypes[encGPHomeVisit].Code {
		return
	}
	ck := &w.plan.encTypes[encGPConsultation]
	x.Class, x.TypeCode, x.TypeDisplay = ck.Class, ck.Code, ck.Display
	if x.PractitionerID != "" {
		x.PractitionerID = w.encounterPractitioner(&w.per, w.per.practiceAt(x.StartTime), uint64(rowSeq(x.EncounterID)), contactHealthCheck)
	}
}

// childCheckups gives a child's GP appointments that are still empty (no
// reason, nothing recorded: not taken by a referral) a problem: a child is
// brought to the GP about something. Before this a GP read 3,955 empty
// check-ups of children on 5,000 patients. Draws from a stream of its own.
func (w *worker) childCheckups(per *person) {
	if per.ageOn(per.firstDay) >= 18 {
		return // an adult throughout the record
	}
	s := per.stream(w.plan.Opts.Seed, purposeCheckupReason)
	checkup := w.plan.encTypes[encGPConsultation].Code
	var measured *seqSet           // encounters with an observation, built when first needed
	notBrought := w.notBrought[:0] // empty check-ups of a child with nothing to see, by index, ascending
	n := len(w.b.Encounters)
	for e := per.encFrom; e < n; e++ {
		x := &w.b.Encounters[e]
		if x.Setting != settingGP || x.ReasonConditionID != "" || x.TypeCode != checkup {
			continue
		}
		d := x.StartTime.Date()
		if per.ageOn(d) >= 18 {
			continue
		}
		if measured == nil {
			measured = &w.encSet
			measured.clear(w.ids.seq)
			for k := per.obsFrom; k < len(w.b.Observations); k++ {
				measured.add(w.b.Observations[k].EncounterID)
			}
		}
		if measured.has(x.EncounterID) {
			continue
		}
		end := x.EndTime
		reason, none := w.gpContactReason(per, d, 0, x.EncounterID, &s)
		if none { // nothing to see and nothing new: the child is not brought (gpnewproblem.go)
			notBrought = append(notBrought, e)
			per.gpDays.remove(d)
			continue
		}
		if reason != "" {
			w.b.Encounters[e].ReasonConditionID = reason
			w.symptomConsultation(e)
			w.childContactMeasures(per, e) // childcontact.go: a child's peak flow at an asthma contact
			if w.lastPres >= 0 {           // a feverish young baby goes on to A&E
				w.sameDayHospital(per, w.lastPres, reason, end)
			}
		}
	}
	if len(notBrought) > 0 { // nothing refers to them: no reason, nothing recorded
		w.b.Encounters = deleteAt(w.b.Encounters, notBrought)
	}
	w.notBrought = notBrought // its memory, for the next child
}
