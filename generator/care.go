package generator

import (
	"cmp"
	"math"
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// reviewEvent is a scheduled contact for a chronic condition: its diagnosis
// or a routine review. Reviews before the history window are simulated too
// (without writing anything), so a patient diagnosed years ago enters the
// window on the treatment their course has led to.
type reviewEvent struct {
	day  models.Date
	next models.Date // the condition's following review: repeats run until then
	cond int
	diag bool
	eol  bool // the medicines review of the last weeks of life
	// dying: the second end-of-life medicines review, in the last days of
	// an expected death (dyingmeds.go)
	dying bool
	due   bool // due on its day (the weeks after a start): not brought forward to another review
	// admission: the follow-up after an emergency for the condition's
	// acute problem (decompensation.go), held in end-of-life care too
	admission bool
	// titration: a titration clinic's follow-up (due); held at a review
	// appointment already held on a later day within combine_within_days
	// (its visit moved past this day), not on a day before it
	titration bool
	// found: a diagnosis found at another condition's review on its day
	// (found after_days 0): coded at that appointment (found.go)
	found bool
	// specialist: the condition's specialist review (progression.go)
	specialist bool
	// clinic: the specialist clinic attendance, already booked by the
	// diagnosis's referral, that starts a started_in_clinic line (clinicstart.go)
	clinic *bookedClinic
	// hormone: the clinic attendance that starts a cancer's endocrine
	// therapy (hormone.go)
	hormone bool
	// careReview: the coded care review after a diagnosis (carereview.go)
	careReview bool
	// lifestyle: the follow-up that starts a first line held back for
	// lifestyle advice at the diagnosis (lifestyle.go)
	lifestyle bool
	// taper: the review months after a remission that tapers and stops the
	// episode's medicine and codes it resolved (remission.go)
	taper bool
	// recur: a new episode of a condition that ended (recurrentepisode.go)
	recur bool
	// reassess: the practice's recall weeks after a birthday that raised
	// the gate's risk score, held only when the decision is still open
	// (strokerisk.go)
	reassess bool
	// bp: the review a reading in the care target's high band at another
	// condition's review calls for, held at that appointment (bpelsewhere.go)
	bp bool
	// miss: a bp review called for by a second reading in a row above the
	// target, not in the high band (care_target miss_at_other_reviews): its
	// follow-up draws from its own stream and is left to a review reading
	// blood pressure near its day (bpelsewhere.go missFollowUp)
	miss bool
}

// preWindowYears limits how far before the window the simulation of past
// reviews reaches (older diagnoses start their simulated course then).
const preWindowYears = 15

// chronicCare writes each chronic condition's problem-list entry and runs its
// care: diagnosis, routine reviews with their observations, decisions that
// follow the readings (start, titrate, add, stop, refer, re-stage), and the
// repeat prescriptions issued at each review.
func (w *worker) chronicCare(per *person, s *distributions.Stream) {
	w.careFrom(per, 0, false, s)
}

// careFrom writes the care of the held conditions from index firstCond on:
// chronicCare all of them; a late pass (fragility.go) one condition a
// fracture drawn after the GP's care brings, which writes neither the
// end-of-life review nor the repeats in force when the record opens again
// (told by late, not by firstCond: a person whose only condition it is
// has it at index 0).
func (w *worker) careFrom(per *person, firstCond int, late bool, s *distributions.Stream) {
	events := w.events[:0]
	w.recheckDue = w.recheckDue[:0] // stops written outside the reviews are not followed up here
	w.joint.enc, w.joint.reviewed, w.joint.heldTo = "", false, 0
	for ci := firstCond; ci < len(per.conds); ci++ {
		hc := &per.conds[ci]
		c := hc.plan
		snomed, icd10, desc := rowCodes(hc)
		w.writeConditionRow(per, hc, hc.onset, snomed, icd10, desc)
		if hc.presented { // the admission for its onset event diagnosed it
			w.b.Conditions[hc.row].DiagnosisEncounterID = hc.diagnosedAt
		}
		// Only care that reads measurements (targets, stages) needs its past
		// reviews simulated; a fixed pathway's earlier starts are backdated
		// at the first review in the window (see treat).
		simulate := c.CareTarget != nil || len(c.stages) > 0
		step := func(day float64) float64 { return w.reviewInterval(per, hc, day) }
		first := float64(hc.onset)
		switch {
		case hc.presented && c.OnsetEvent != nil: // seen first in hospital: the GP follow-up comes after discharge
			first = float64(hc.onset) + float64(7+s.IntN(max(c.OnsetEvent.StartWithinDays-6, 1)))
			if day, ok := w.fromDischarge(per, ci, hc); ok { // started on the ward: the discharge letter brings it
				first = float64(day)
			}
			if wardClinic(hc) != nil { // started on the ward and issued at the discharge (wardstart.go)
				first = float64(wardDay(hc))
			}
		case hc.presented: // a cancer diagnosed as an emergency (presenting.go): after the stay
			first = float64(max(hc.onset+7, hc.emergencyEnd+emergencyReviewDays))
		}
		from := float64(per.firstDay)
		switch {
		case simulate && c.Remission != nil:
			// an episode that may end: its whole course, so one that ended
			// long before the record opens is resolved then (remission.go)
			from = min(float64(per.firstDay)-preWindowYears*365.25, float64(hc.onset))
		case simulate:
			from = float64(per.firstDay) - preWindowYears*365.25
		case hc.onset < per.firstDay:
			// the last review before the record opens authorised the
			// repeats in force on its first day (inforce.go)
			from = float64(per.firstDay) - step(float64(per.firstDay))
		}
		next := first
		if next < from { // long established: reviews continue on the schedule
			next = from + s.Float64()*step(from)
		}
		diag := next == first
		start := len(events)
		ward := diag && wardClinic(hc) != nil
		// Reviews keep to the recall schedule, each a few weeks early or late
		// (the jitter does not accumulate).
		for base := next; models.Date(next) <= per.lastDay; {
			if diag || reviewAge(per, c, models.Date(next)) { // reviewage.go
				events = append(events, reviewEvent{day: models.Date(next), cond: ci, diag: diag})
				if diag && ward {
					events[len(events)-1].clinic = wardClinic(hc)
				}
			}
			diag = false
			base += step(base)
			next = max(base+s.NormalMS(0, 20), math.Floor(next)+1)
		}
		for k := start; k < len(events); k++ {
			if k+1 < len(events) {
				events[k].next = events[k+1].day
			} else {
				events[k].next = models.Date(next)
			}
		}
		if ev, ok := hormoneEvent(hc, ci, events, start, models.Date(next)); ok {
			events = append(events, ev)
		}
		if ev, ok := w.careReviewEvent(per, ci, events, start, models.Date(next)); ok {
			events = append(events, ev)
		}
		events = w.strokeRiskRecalls(per, events, start, ci, models.Date(next)) // strokerisk.go
		events = w.specialistReviews(per, events, ci)                           // progression.go
		events = w.flareFollowUps(per, events, start, ci, s)                    // attackreview.go
		events = w.flaresStartFollowUps(per, events, start, ci)                 // flares.go
		events = w.admissionFollowUps(per, events, start, ci)                   // decompensation.go
		// Dialysis started: the practice reviews the problem list and the
		// medicines when the renal unit's letter arrives, a few weeks later.
		if hc.replacement == 0 {
			continue
		}
		if day := hc.replacement + models.Date(7+s.IntN(22)); float64(day) >= from && day <= per.lastDay {
			ev := reviewEvent{day: day, cond: ci, next: models.Date(next)}
			for k := start; k < len(events); k++ {
				if events[k].day > day {
					ev.next = events[k].day
					break
				}
			}
			events = append(events, ev)
		}
	}
	if !late {
		if ci := w.endOfLifeReview(per); ci >= 0 {
			events = append(events, reviewEvent{day: per.deprescribe, cond: ci, eol: true})
			if day := w.dyingReviewDay(per); day != 0 { // dyingmeds.go
				events = append(events, reviewEvent{day: day, cond: ci, eol: true, dying: true})
			}
		}
	}
	// stable, so events of one day stay in the order made; slices' sort, as
	// sort.SliceStable made a reflective swapper and two closures at each call
	slices.SortStableFunc(events, func(a, b reviewEvent) int { return cmp.Compare(a.day, b.day) })
	opened := late
	for k := 0; k < len(events); k++ {
		ev := events[k]
		if !opened && ev.day >= per.firstDay {
			opened = true
			w.repeatsInForce(per, events[k:]) // inforce.go
		}
		untreated := per.conds[ev.cond].line < 0 || ev.recur // a new episode starts afresh
		var changed bool
		if ev.careReview { // its draws its own (carereview.go)
			cs := w.careReviewStream(per, ev.cond)
			cs.Uint64() // past the day's draw
			changed = w.review(per, ev, &cs)
		} else if ev.clinic != nil && ev.clinic.line > 0 { // its draws its own (specialiststart.go)
			events = w.specialistClinic(per, events, k)
			continue
		} else if ev.specialist { // its draws its own (progression.go)
			w.specialistReview(per, events, k)
			continue
		} else if ev.lifestyle { // its draws its own (lifestyle.go)
			ls := w.lifestyleStream(per, ev.cond)
			ls.Uint64() // past the day's draw
			changed = w.review(per, ev, &ls)
		} else if ev.bp { // its draws its own (bpelsewhere.go)
			bs := w.bpStream(per, ev)
			changed = w.review(per, ev, &bs)
		} else if ev.reassess { // its draws its own, and only when still undecided (strokerisk.go)
			if !w.reassessDue(per, ev.cond, ev.day) {
				continue
			}
			rs := per.stream(w.plan.Opts.Seed, purposeStrokeRisk, uint64(ev.day), 1)
			rs.Uint64() // past the day's draw
			changed = w.review(per, ev, &rs)
		} else {
			changed = w.review(per, ev, s)
		}
		if w.lifestyleEvent.lifestyle {
			if le := &w.lifestyleEvent; le.next <= le.day { // a recurrence's clinic past the next review (recurrencefirst.go)
				le.next = nextReviewAfter(events[k+1:], le.cond, le.day, per.lastDay+1)
			}
			events = insertEvent(events, k+1, w.lifestyleEvent)
			w.lifestyleEvent = reviewEvent{}
		}
		if w.bpEvent.bp { // a high reading there: the hypertension review joins the appointment (bpelsewhere.go)
			w.bpEvent.next = nextReviewAfter(events[k+1:], w.bpEvent.cond, w.bpEvent.day, per.lastDay+1)
			if w.bpEvent.next-w.bpEvent.day > w.combineDays() { // else its own review joins and decides (bpelsewhere.go ownReviewJoins)
				events = insertEvent(events, k+1, w.bpEvent)
			}
			w.bpEvent = reviewEvent{}
		}
		if w.clinicEvent.clinic != nil { // the referral booked the clinic that starts the first line
			events = insertEvent(events, k+1, w.clinicEvent)
			w.clinicEvent = reviewEvent{}
		}
		if w.taperEvent.taper { // a remission seen: the review that stops the medicine (remission.go)
			events = insertEvent(events, k+1, w.taperEvent)
			w.taperEvent = reviewEvent{}
		}
		if w.recurEvent.recur { // an episode resolved: the next one (recurrentepisode.go)
			events = insertRecurrence(events, k+1, w.recurEvent)
			w.recurEvent = reviewEvent{}
		}
		events = w.diagnoseFound(per, events, k)
		if changed {
			// treatment changed to reach a target: a follow-up review in about
			// three months checks the effect (NICE NG28, NG136 titration),
			// unless the next routine review comes about then and checks it
			fs := s
			if ev.miss { // its draws its own, so no other review moves (bpelsewhere.go)
				fs = w.missStream(per, ev)
			}
			gap := models.Date(80 + fs.IntN(21))
			fu := reviewEvent{next: ev.next, cond: ev.cond}
			if td := per.conds[ev.cond].plan.Reviews.TitrationDays; td[1] > 0 { // a titration clinic: sooner
				gap = models.Date(between(td, fs))
				// and held on its day, not at another condition's review held
				// up to combine_within_days before it (forty-eighth review:
				// heart failure diagnosed in a heart attack's stay has its
				// first review after discharge days before the coronary heart
				// disease's; its titration review joined that one, too soon
				// after the start for a step, asked for no other, and
				// candesartan 4 mg ran until the annual review)
				fu.due, fu.titration = true, true
			}
			fu.day = ev.day + gap
			if fu.day < ev.next-w.combineDays() && fu.day <= per.lastDay && !followUpNear(events[k+1:], fu, w.combineDays()) &&
				!(ev.miss && w.missFollowUpNear(per, events[k+1:], fu)) {
				events = insertEvent(events, k+1, fu)
			}
		}
		if a := per.conds[ev.cond].plan.Reviews.AfterStart; a != nil && untreated && !ev.eol && w.startedOn(per, ev.cond, ev.day) {
			events = w.afterStartReviews(per, events, k, a, s)
		}
		w.bookMonitoring(per, events[k+1:])         // monitoring.go: until the condition's next review, a follow-up included
		events = w.recheckFollowUps(per, events, k) // rechallenge.go: a medicine a result stopped today
	}
	w.recheckDue = w.recheckDue[:0]
	if !opened {
		w.repeatsInForce(per, nil)
	}
	w.events = events
	w.curEnc = ""
}

// followUpNear reports whether a pending event of fu's condition already
// falls within window days of fu: that review checks the effect, and a
// second follow-up days from it would be a visit too many (thirteenth
// review: each of an antidepressant's reviews in the weeks after a start
// asked for its own follow-up three months on).
func followUpNear(pending []reviewEvent, fu reviewEvent, window models.Date) bool {
	for _, e := range pending {
		if e.cond == fu.cond && !e.eol && e.clinic == nil && !e.specialist && e.day >= fu.day-window && e.day <= fu.day+window {
			return true
		}
	}
	return false
}

// insertEvent inserts ev into the day-ordered events at or after index from.
func insertEvent(events []reviewEvent, from int, ev reviewEvent) []reviewEvent {
	i := from
	for i < len(events) && events[i].day <= ev.day {
		i++
	}
	events = append(events, reviewEvent{})
	copy(events[i+1:], events[i:])
	events[i] = ev
	return events
}

// writeConditionRow appends a problem-list row for the condition and makes it
// the condition's current row.
func (w *worker) writeConditionRow(per *person, hc *heldCondition, onset models.Date, snomed, icd10, desc string) {
	if hc.row >= 0 { // a new coded stage: the previous row is superseded
		hc.id = w.ids.row(tagCondition)
		prev := &w.b.Conditions[hc.row]
		prev.ResolvedDate = max(onset, prev.OnsetDate)
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID:  hc.id,
		PatientID:    per.id,
		ConditionKey: hc.plan.Key,
		SnomedCode:   snomed,
		ICD10Code:    icd10,
		Description:  desc,
		Chronic:      true,
		OnsetDate:    onset,
	})
	hc.row = len(w.b.Conditions) - 1
	if len(hc.plan.stages) > 0 {
		hc.staged = append(hc.staged, stagedRow{from: onset, id: hc.id, stage: -1}) // staged by restage
	}
}

// restageReasons points each visit whose reason is a staged condition at
// the row coded on the visit's day: visits are written before and after the
// stages are, and the condition's id moves with them.
func (w *worker) restageReasons(per *person, encs []models.Encounter) {
	for k := range per.conds {
		rows := per.conds[k].staged
		if len(rows) < 2 {
			continue
		}
		for i := range encs {
			e := &encs[i]
			if !stagedIn(rows, e.ReasonConditionID) {
				continue
			}
			day, id := e.StartTime.Date(), rows[0].id
			for _, r := range rows {
				if r.from <= day {
					id = r.id
				}
			}
			e.ReasonConditionID = id
		}
	}
}

func stagedIn(rows []stagedRow, id string) bool {
	for _, r := range rows {
		if r.id == id {
			return true
		}
	}
	return false
}

// review is one scheduled contact: record, read, decide, prescribe. It
// reports whether treatment to a target was intensified.
// eolReviewMargin keeps routine reviews this many days clear of the start
// of end-of-life care, so that a review moved to the next free day cannot
// land after it.
const eolReviewMargin = 14

func (w *worker) review(per *person, ev reviewEvent, s *distributions.Stream) bool {
	p := w.plan
	hc := &per.conds[ev.cond]
	c := hc.plan
	d := ev.day
	if ev.dying {
		w.dyingMedicines(per, hc, d) // dyingmeds.go
		return false
	}
	if ev.eol {
		w.endOfLifeMedicines(per, hc, d, s)
		return false
	}
	if ev.hormone {
		w.startHormone(per, ev)
		return false
	}
	record := d >= per.firstDay
	if hc.resolved != 0 && d >= hc.resolved {
		if !ev.recur || (d >= per.firstDay && per.inEndOfLifeCare(d+eolReviewMargin)) {
			return false // the episode is over: no review (remission.go); none new in end-of-life care
		}
		w.recur(per, ev.cond, hc, d) // a new episode (recurrentepisode.go)
	}
	if ev.taper && !w.taperDue(per, hc, d) {
		return false // the remission was lost: the routine reviews go on
	}
	if ev.clinic != nil {
		return w.clinicReview(per, ev, s) // clinicstart.go
	}
	if record && ev.admission && !ev.diag && per.inEndOfLifeCare(d+eolReviewMargin) && c.eolReview == nil {
		return w.endOfLifeAdmissionFollowUp(per, ev, s) // decompensation.go: the emergency's drug still
	}
	if record && !ev.diag && per.inEndOfLifeCare(d+eolReviewMargin) && c.eolReview == nil {
		w.continueRepeats(per, ev.cond, d) // end-of-life care: no routine review, repeats run on
		return false
	}
	if record && !ev.diag && !ev.recur && per.cohort != nil && per.cohort.missesReview(c.reviews, d) {
		w.continueRepeats(per, ev.cond, d) // an overdue review: repeats run on (absent.go)
		return false
	}
	var encID string
	w.curEnc = ""
	t := d.Start().AddMinutes(9 * 60)
	medsReviewed := false // a routine review at the practice: its repeat medicines are reviewed too
	if record {
		kind := encChronicReview
		if (ev.diag && (!hc.presented || per.inEndOfLifeCare(d+eolReviewMargin))) || ev.recur {
			kind = encGPProblem
		} else if per.inEndOfLifeCare(d + eolReviewMargin) {
			kind = encGPProblem // a symptom review on the palliative care register, not a routine one (eolreview.go)
		}
		var id string
		var start models.Timestamp
		var ok bool
		paediatric := c.Reviews.Paediatric != nil && per.ageOn(d) < c.Reviews.Paediatric.Under
		// a review (not a diagnosis, nor a first review after a presentation in
		// hospital) that records something, so the record shows it was held
		joined := kind == encChronicReview && !ev.diag && !paediatric && len(c.reviewSlots(per.ageOn(d))) > 0 &&
			(!ev.due && w.joinsReview(d) || ev.titration && w.joinsLater(d)) && w.joint.start.Date() > hc.seenOn
		// a diagnosis found at the review just held, the same day: coded there
		foundThere := ev.found && ev.diag && !hc.presented && w.joint.enc != "" && w.joint.start.Date() == d &&
			w.joint.start.Date() >= w.joint.heldTo
		switch {
		case joined: // due within weeks of another review: seen at that appointment
			id, start, ok = w.joint.enc, w.joint.start, true
			medsReviewed = true
		case foundThere:
			id, start, ok = w.joint.enc, w.joint.start, true
		case paediatric && (!ev.diag || hc.presented):
			// the paediatric team's clinic, also after a first presentation in hospital
			id, start, ok = w.outpatientAt(per, d, hc.id, s)
		case kind == encChronicReview:
			id, start, kind, ok = w.reviewBooked(per, d, w.plan.reviewContact(c), hc.id, ev.diag, s)
			medsReviewed = !ev.diag
		default:
			id, start, ok = w.gpVisit(per, d, kind, hc.id, s)
		}
		if ok && !ev.diag && per.inEndOfLifeCare(start.Date()+eolReviewMargin) && (c.eolReview == nil || kind == encChronicReview) {
			// moved past a stay into end-of-life care: no routine review after all
			w.b.Encounters, ok = w.b.Encounters[:len(w.b.Encounters)-1], false
		}
		if !ok { // no visit before the record ends: the last repeats run on
			w.stopRuledOutUnseen(per, d) // unseenstop.go: but not what the condition rules out
			w.continueRepeats(per, ev.cond, d)
			return false
		}
		if kind == encChronicReview && !paediatric && !joined { // later reviews due soon may join it
			w.joint = jointReview{enc: id, start: start, done: w.joint.done[:0]}
		}
		encID, d, t = id, start.Date(), start.AddMinutes(5)
		if foundThere {
			w.foundReadingAgain(per, hc, t) // found.go: the reading the record shows
		}
		hc.seenOn, hc.nextReview = d, ev.next
		w.joint.heldTo = max(w.joint.heldTo, d)
		w.curEnc = encID
		if ev.diag && !hc.presented {
			w.b.Conditions[hc.row].DiagnosisEncounterID = cmp.Or(hc.diagnosedAt, encID) // an urgent referral: the clinic diagnoses
			if hc.diagnosedAt != "" {
				w.referredUrgently(per, hc, encID, t) // dated by the clinic (urgent.go)
			} else {
				// dated by this consultation, not the day drawn (diagnosisdate.go)
				w.dateDiagnosis(per, hc, d)
				// the reading it confirms, and the monitoring between (confirm.go)
				w.confirmDiagnosis(per, hc, d, encID, t)
				// the contact that suspected it, before its tests (suspected.go)
				w.suspectedFirst(per, hc, d)
				w.curEnc = encID
			}
		}
		if ev.recur {
			w.recurSeen(hc, encID, d) // recurrentepisode.go
		}
		if ev.diag || ev.recur {
			w.diagnosing = cmp.Or(c.DefinedBy, c.DiagnosedAt)
		}
		if ev.diag && !hc.presented { // the tests that confirm it; a hospital's are its own
			for i := range c.diagTests {
				w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, &c.diagTests[i]))
			}
		}
		for _, slot := range c.reviewSlots(per.ageOn(d)) {
			if c.yearlySlot(slot, per.ageOn(d)) && w.recordedWithin(per, slot, d, c.Reviews.YearlyAfterDays) {
				continue // done at a review this year (yearlychecks.go)
			}
			if w.monitoringStopped(per, slot, d) || !ev.diag && w.notForSymptoms(per, c, slot, d) {
				continue // on the palliative care register (eolmonitoring.go; eolreview.go: a diagnosis still records its tests)
			}
			w.anyAge = c.paediatricYearly(slot, per.ageOn(d)) // the team's yearly checks, adult-only readings at its ages (paedreviews.go)
			w.observeOnce(per, encID, t, slot, s)
			w.anyAge = false
		}
		if ev.careReview { // coded as the care review it is (carereview.go)
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(1), c.careReview))
		}
		// the test that confirmed it, when the reviews do not repeat it
		if da := c.DiagnosedAt; ev.diag && da != nil && !slices.Contains(c.reviewSlots(per.ageOn(d)), p.obsIndex[da.Observation]) {
			w.observeOnce(per, encID, t, p.obsIndex[da.Observation], s)
		}
		// measured in the sample that made the diagnosis, when the reviews do not
		if ev.diag {
			for _, slot := range c.diagReadings {
				if !slices.Contains(c.reviewSlots(per.ageOn(d)), slot) {
					w.observeOnce(per, encID, t, slot, s)
				}
			}
		}
		// an untreated subclinical finding has the diagnosing sample's
		// readings repeated with its own: TSH with free T4 (repeatfirst.go)
		if !ev.diag && hc.repeatPending {
			for _, slot := range c.diagReadings {
				if !slices.Contains(c.reviewSlots(per.ageOn(d)), slot) {
					w.observeOnce(per, encID, t, slot, s)
				}
			}
		}
		w.diagnosing = nil
	}
	read := func(slot int) float64 { return w.numericValue(per, slot, t, s) }
	if ev.diag {
		w.resolvePrecursors(per, hc, d) // precursor.go
	}
	if record {
		w.findDeveloping(per, ev.cond, t)
		w.bloodPressureElsewhere(per, ev.cond, t) // bpelsewhere.go
	}
	if !record && c.reviewsEGFR { // a result from before the window: seen, not written
		per.egfrSeen = append(per.egfrSeen, egfrReading{day: d, value: read(p.slots.egfr)})
	}
	egfr := w.latestEGFR(per, d)

	if len(c.stages) > 0 {
		w.restage(per, hc, read(c.stagedBy), d, t)
	}
	w.restageOthers(per, ev.cond, d, t) // restage.go
	w.referOthers(per, ev.cond, d, t)   // renalreferral.go: a lasting low eGFR refers the CKD
	w.reviewSafety(per, d, egfr, s)
	// a medicine a result stopped, started again or its reason coded once
	// the result is back in range (rechallenge.go), before today's steps
	restarted := w.rechallenge(per, ev.cond, encID, t, d, record, egfr)
	if restarted {
		hc.lastChange = d // no second change today: the follow-up reads it
	}
	w.rechallenged = restarted // nor a planned line started beside it (startPlanned)
	changed := w.treat(per, ev, hc, d, egfr, read, s) || restarted
	w.rechallenged = false
	w.maintenanceDose(per, ev.cond, d)      // maintenancedose.go: a PPI for reflux stepped down after a year
	w.adviseAt(per, encID, t.AddMinutes(1)) // lifestyle.go
	stepDeclined := w.stepDeclined          // (drawn before the record opens too: not coded then)
	w.stepDeclined = false
	flaresDeclined := w.flaresDeclined
	w.flaresDeclined = nil
	steppedDown := w.steppedDown
	w.steppedDown = false
	if c.Remission != nil && w.episodeEnds(per, ev, hc, d, encID, t, read) { // remission.go
		return false
	}
	if record {
		w.monitorAtReview(per, ev.cond, encID, t) // before today's issues and companions
	}
	if record {
		w.recordGateScore(per, ev.cond, encID, t.AddMinutes(1)) // scorerecord.go: the score the decision read
		// a first diagnosis or a new episode's (recurrentepisode.go)
		if ev.diag || ev.recur {
			w.assessAtDiagnosis(per, c, encID, t.AddMinutes(1)) // assessedatdiagnosis.go
		}
		if !(ev.diag && c.PresentsAs != nil && !hc.presented) { // the clinic diagnoses it, and decides (untreated.go)
			w.untreatedReason(per, ev.cond, encID, t, read)
		}
		if stepDeclined {
			w.codeDeclinedStep(per, ev.cond, encID, t) // declinedstep.go
		}
		if flaresDeclined != nil {
			w.reasonObservation(per, encID, t, flaresDeclined) // flares.go
		}
		if steppedDown {
			w.codeStepDown(per, encID, t) // stepdown.go
		}
		w.addOns(per, ev.cond, t, egfr)
		w.classCheck(per, c, encID, t.AddMinutes(1))             // classcheck.go
		w.rescuePack(per, ev.cond, encID, d)                     // rescuepack.go
		w.riskAtReview(per, ev.cond, ev.diag, encID, t, d, egfr) // cvdrisk.go
		w.codeAlsoNotTaken(per, ev.cond, encID, t)               // cvdrisk.go
		w.offerProtect(per, ev.cond, encID, t, d, egfr)          // protect.go
		w.codeLineNotTaken(per, ev.cond, encID, t)               // linenottaken.go
		w.codeLineBarred(per, ev.cond, encID, t)                 // linebarred.go
	}
	w.repeatCompanions(per, ev.cond, d, egfr, s)
	w.startCover(per, ev.cond, d, egfr) // startcover.go: colchicine while urate-lowering therapy starts
	booked := w.refer(per, hc, d, t, read, s)
	if booked != nil && (hc.awaitClinic || booked.line > 0) {
		w.clinicEvent = reviewEvent{day: booked.start.Date(), next: ev.next, cond: ev.cond, due: true, clinic: booked}
	}
	if record && ev.diag {
		w.diagnosedInClinic(per, hc, encID, t, booked) // presentsas.go: the clinic diagnoses it
	}
	if pc := c.Reviews.Paediatric; record && ev.diag && !hc.presented && pc != nil && per.ageOn(d) < pc.Under {
		w.outpatient(per, d+1, hc.id, s) // referred the same day: the team sees the child next day
	}
	w.outgrowRegimens(per, ev.cond, d) // outgrow.go
	if record {
		reassessed := w.reassessStrokeRisk(per, ev.cond, encID, t, egfr, read) // strokerisk.go: another condition's visit
		w.startTests(per, ev.cond, encID, t)                                   // starttests.go: the baseline bloods of today's starts, before their issue
		w.issueReassessed(per, reassessed, encID, d)
		w.issueRepeats(per, ev.cond, encID, d, nextWorkingDay(ev.next))
		if medsReviewed {
			w.medicationReview(per, encID, t, d) // medicationreview.go
		}
		w.monitorDue = pendingMonitor{cond: ev.cond, enc: encID, t: t, next: nextWorkingDay(ev.next)}
	} else { // authorised until the next review: written as the record opens (inforce.go)
		hc.authorisedOn, hc.authorisedTo = d, ev.next
	}
	return changed
}

// endOfLifeMedicines is the medicines review of the last weeks of an
// expected death, at a home visit about the condition the death is
// attributed to: the preventive medicines stop (the prescribing rules rule
// them out from per.deprescribe on), those for symptoms go on.
func (w *worker) endOfLifeMedicines(per *person, hc *heldCondition, d models.Date, s *distributions.Stream) {
	w.curEnc = ""
	reason := hc.id
	if per.causeBackground >= 0 { // a background cause's decline: about its disease (endOfLifeReview)
		reason = per.causeID
	}
	var start models.Timestamp
	if id, at, ok := w.gpVisit(per, d, encGPHomeVisit, reason, s); ok {
		w.curEnc, d, start = id, max(at.Date(), d), at
		if d >= per.firstDay && repeatMedicines(per, d) > 0 { // the review is coded, whenever the last (sixteenth review)
			w.b.Observations = append(w.b.Observations, w.observation(per, id, start.AddMinutes(3), &w.plan.medReviews.done))
			per.medReviewedOn = d
		}
	}
	w.reviewSafety(per, d, w.latestEGFR(per, d), s)
	w.fewerDrugs(per, d)             // endoflifemeds.go
	w.reviewLateStops(per, d, start) // dyingmeds.go: the lines kept to the last weeks, unless a reading stops them now
}

// continueRepeats leaves open the latest issue of each running medicine the
// condition owns when its review cannot happen before the record ends (the
// patient was in hospital on the day): the patient still takes it.
func (w *worker) continueRepeats(per *person, ci int, d models.Date) {
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.cond != ci || !cr.running(d) || cr.lastRx < 0 {
			continue
		}
		if rx := &w.b.Prescriptions[cr.lastRx]; rx.EndDate != models.NoDate && rx.EndDate >= d-1 {
			// open, or to the death, or to a stop already decided (the
			// medicines review at the end of life, days after this review was due)
			rx.EndDate = repeatEnd(per, cr, per.lastDay+1)
		}
	}
}

// restage codes the stage the staging reading shows: the first reading sets
// it, and it advances (never returns) when two successive readings fall
// below the next stage's threshold (stageAfter).
func (w *worker) restage(per *person, hc *heldCondition, v float64, d models.Date, t models.Timestamp) {
	c := hc.plan
	if hc.stage >= 0 && hc.stagedAt == t {
		return // read already: one reading is not two (a joint appointment's)
	}
	hc.stagedAt = t
	k := -1
	for i, st := range c.stages {
		if v < st.Below {
			k = i
		}
	}
	dialysis := hc.replacement != 0 && d >= hc.replacement
	if dialysis { // on dialysis: the end stage, whatever the reading
		k, hc.stageLow = len(c.stages)-1, len(c.stages)-1
	}
	if hc.stage < 0 {
		k, _ = w.sustainedUpTo(per, hc, k, d) // stagesustained.go: not on one reading
		st := &c.stages[k]
		row := &w.b.Conditions[hc.row]
		row.SnomedCode, row.ICD10Code, row.Description = st.Snomed, st.ICD10, st.Description
		hc.stage = k
		if n := len(hc.staged); n > 0 {
			hc.staged[n-1].stage = k
		}
		return
	}
	next, low := stageAfter(hc.stage, hc.stageLow, k)
	if next > hc.stage && !dialysis && soonAfter(hc, hc.stageLowFrom, d) { // stagesustained.go
		next, low = hc.stage, hc.stageLow // the pair under 3 months apart: the first still pending
	}
	if low > hc.stage && (hc.stageLow <= hc.stage || next > hc.stage) {
		hc.stageLowFrom = d // the first reading of a new pair
	}
	if next > hc.stage && !dialysis {
		if most, held := w.sustainedUpTo(per, hc, next, d); held {
			next = max(hc.stage, most) // the record's results below the stage for 3 months
		}
	}
	// two results in a stage months apart code it, whatever was read
	// between them (renalreferral.go)
	if ss := w.sustainedStage(per, hc, d); ss > next {
		next = ss
		if low <= ss {
			low = 0
		}
	}
	hc.stageLow = low
	if next == hc.stage {
		return
	}
	hc.stage = next
	st := &c.stages[next]
	w.writeConditionRow(per, hc, d, st.Snomed, st.ICD10, st.Description)
	hc.staged[len(hc.staged)-1].stage = next
	// repeats issued from now on name the new row; earlier ones keep theirs
}

// stageAfter is the coded stage and pending low stage (0: none) after a
// staging reading in stage k, from the coded stage and the pending stage
// of the reading before. Two successive readings past the coded stage
// advance it to the less severe of the two: a reading of 43 then one of 28
// from stage 3a codes 3b, not 4 on a single reading (fourteenth review: a
// scenario's "CKD 3b" member was coded stage 4 this way). The second
// reading, when it is past the new stage, is the first of the next pair.
func stageAfter(stage, low, k int) (next, pending int) {
	if k <= stage {
		return stage, 0
	}
	if low <= stage {
		return stage, k
	}
	next = min(k, low)
	if k > next {
		return next, k
	}
	return next, 0
}

// treat makes the treatment decision of a review: start at diagnosis, then
// for a pathway with a target, intensify when the reading misses it; for one
// without, start each line on its planned day.
func (w *worker) treat(per *person, ev reviewEvent, hc *heldCondition, d models.Date, egfr float64, read func(int) float64, s *distributions.Stream) bool {
	c := hc.plan
	u := s.Float64()   // drawn at every review, so decisions never shift later draws
	titrating := false // a titrated line started at its first dose: follow up to step it up
	if !hc.started && w.awaitsClinic(per, ev, hc) {
		hc.started, hc.awaitClinic = true, true
		return false // the specialist starts it (clinicstart.go)
	}
	if hc.awaitClinic { // the clinic was not held: this review starts it
		hc.awaitClinic, hc.started = false, false
	}
	if !hc.started {
		hc.started = true
		w.backdate = hc.episodeFrom() // diagnosed before this first review: started then
		if ev.clinic != nil {
			w.backdate = 0 // started at the clinic, on its day
		}
		// a course running for another condition moves onto this one's
		// ladder, treated or not (it already treats it; takeover.go)
		w.takeOver(per, hc, d)
		if hc.treated && hc.presented && c.event != nil {
			w.eventCourse(per, ev.cond, d, egfr, s) // before line 1, which then completes it
		}
		// (a mild diagnosis waits for lifestyle advice first: lifestyle.go;
		// a subclinical one for a repeat of its reading: repeatfirst.go)
		if hc.treated && w.gateDue(per, ev.cond, hc.episodeFrom(), read) && !w.holdsForLifestyle(per, ev, d, read) && !w.holdsToSettle(per, ev, d) && !w.holdsForRecurrence(per, ev, d) && !w.holdsForRepeat(per, ev, d) {
			w.startLine(per, ev.cond, 0, d, egfr, s)
			titrating = w.settleDose(per, ev.cond, 0, hc.episodeFrom(), d, egfr)
			hc.clinicHeldBack = ev.clinic != nil && c.lines[0].StartedInClinic && hc.line < 0
		} else if !hc.treated {
			w.startForRuledOut(per, ev.cond, d, egfr, s) // ifruledout.go: dipyridamole when clopidogrel is contraindicated
		}
		// a gated line not yet due, or with no drug that suits today, waits (scoregate.go)
		hc.waiting = hc.treated && gateOf(c) != nil && !w.lineCovered(per, &c.lines[0], d)
		w.coPrescribe(per, ev.cond, d, egfr, s)
		w.backdate = 0
	} else if hc.alsoLater != 0 {
		w.alsoFromAge(per, ev.cond, d, egfr, s)
	}
	if t := c.CareTarget; t != nil {
		if w.replaceRenalStop(per, ev.cond, d, egfr) { // renalswitch.go: a DPP-4 inhibitor after metformin
			hc.lastReview, hc.missed = d, false
			return true
		}
		if held, started := w.awaitRepeat(per, ev, hc, d, egfr, s); held { // repeatfirst.go
			hc.lastReview, hc.missed = d, false
			return started
		}
		if w.startHeldBack(per, ev.cond, d, egfr, read, s) { // after lifestyle advice (lifestyle.go)
			hc.lastReview, hc.missed = d, false
			return true
		}
		// planned lines start on their day (asthma's inhaled steroid from
		// diagnosis); the target steps treatment up from the line reached
		titrating = w.startPlanned(per, ev.cond, hc, d, egfr, s) || titrating
		if hc.line < 0 && hc.line >= hc.forced && gateOf(c) != nil {
			// a gated first line starts by its gate alone (an antidepressant
			// at a PHQ-9 of 16 or more): the target steps up only treatment
			// already started (thirteenth review)
			w.acceptLater(per, ev.cond, d, read) // reoffer.go
			w.startWhenDue(per, ev.cond, d, egfr, read, s)
			hc.lastReview, hc.missed = d, false
			return titrating
		}
		if w.startAfterFlares(per, ev.cond, d, egfr, u, s) { // flares.go
			hc.lastReview, hc.missed, hc.lastChange = d, false, d
			return true
		}
		limit, escalate := t.At(per.ageOn(d))
		if w.targetUnread(per, c.targetSlot, d) { // not retested so soon: the next review decides (retest.go)
			hc.lastReview = d
			return titrating
		}
		if w.stepDown(per, ev.cond, d, read(c.targetSlot)) || w.stopDual(per, ev.cond, d, read(c.targetSlot)) { // stepdown.go
			hc.lastReview, hc.missed = d, false
			return true
		}
		relaxed := w.relaxedTarget(per, t, d) // the very old and the dying: a relaxed target (stepdown.go)
		limit = max(limit, relaxed)
		// Intensify on a second reading in a row that misses the target (one
		// is checked again first), at the interval the pathway allows.
		missed := read(c.targetSlot) > limit
		if t.BelowPredicted > 0 {
			missed = read(c.targetSlot) < t.BelowPredicted*w.predictedLevel(per, c.targetSlot, d)
		}
		// a symptom reading steps up at once, and only so far (readingsteps.go)
		missed, readNow := readingSteps(per, hc, missed, d)
		if readNow {
			hc.missed = true
		}
		// exacerbations since the last review miss the target; an admission
		// with one, or enough treated anywhere in a year, step up now
		exNow := false // exacerbations call for a step up at this review
		if t.Exacerbations != nil {
			miss, now := exacerbationsMiss(per, c.idx, t.Exacerbations, hc.lastReview, d)
			if miss && !now && t.Exacerbations.OneTitrates && w.lineRaisable(per, ev.cond, d, egfr) {
				now = true // one attack raises the dose of the line taken (h58d)
			}
			// one attack on the step taken calls for the next, a new line
			// too, by the target's own chance: NG245 "consider" (h62d)
			onStep := miss && !now && t.Exacerbations.OnStep && attackOnStep(per, c.idx, hc.lastReview, hc.lastChange+models.Date(t.ChangeAfter()), d)
			if hc.stepOwed && t.Exacerbations.Escalate > 0 {
				miss, now, onStep = true, true, false // still owed from the review before
			}
			exNow = now
			if onStep {
				missed, hc.missed = true, true
			} else if now {
				missed, hc.missed = true, true
				if t.Exacerbations.Escalate > 0 { // exacerbations on treatment: NG115 steps up, inertia aside
					escalate = t.Exacerbations.Escalate
				}
			} else if miss {
				missed = true
			}
		}
		// another pathway steps up the airways disease (asthma with COPD)
		if targetHandedOver(per, c, d) {
			missed, hc.missed = false, false
		}
		// a severe reading (care_target severe) on treatment is acted on
		// now, as a second miss would be, and by its own chance: on a line
		// of the condition, whether it began at the diagnosis (treated) or
		// at a later review (a person drawn untreated and started on
		// amlodipine later read 191 at 81 with nothing added: merge of stop
		// 55, TestSevereBloodPressureOnTreatmentIsActedOn)
		severe := hc.line >= 0 && t.SevereAt(read(c.targetSlot))
		if severe {
			hc.missed, escalate = true, t.Severe.Escalate
		}
		// a second miss in a row well above the target (care_target high:
		// an HbA1c of 64 or more again) is stepped up by its own chance,
		// and one not stepped up is coded as declined (h57c)
		// (at_once: the first such reading is acted on, as a clinic
		// systolic of 160 or more on treatment is: h58c)
		declined := t.Declined
		// (high untreated: the first line offered again to a person not on it,
		// whose decline was coded years before: h61b; not one held back for
		// lifestyle advice, whose follow-up decides by its own rule: from 80
		// a diagnosis at a clinic 160-175 with an ambulatory average of
		// 135-145 was held as stage 1 and started at once at the same review,
		// 7 of 44 first antihypertensives at 80+ in
		// TestVeryOldStage1NotStartedOnAntihypertensives, merge of stop 63)
		offered := hc.line >= 0 || t.High != nil && t.High.Untreated && hc.line < 0 && gateOf(c) == nil && hc.startAt == 0
		high := !severe && offered && missed && t.HighAt(read(c.targetSlot)) && (hc.missed || t.High.AtOnce)
		if high {
			escalate, declined = max(escalate, t.High.Escalate), t.High.Declined
			hc.missed = true
		}
		hc.lastReview = d
		again := missed && hc.missed
		hc.missed = missed
		if again {
			hc.againOn = d // resistant.go: a referral made years ago is made again
		}
		// a line titrated to a level is raised first, at a review above it
		// (by the same chance as a step up when the line says so: clinical
		// inertia holds some back)
		// (from 80 by the target's own titration chance, when it sets one)
		chance := t.TitrateChance(per.ageOn(d), escalate)
		if severe {
			chance = escalate
		} else if high {
			chance = max(chance, t.High.Escalate)
		}
		// a reading below the line's level lowers its dose (lowerToLevel:
		// levothyroxine at a suppressed TSH, h63d)
		if hc.line >= hc.forced && w.lowerToLevel(per, ev.cond, d, read(c.targetSlot)) {
			return true
		}
		if hc.line >= hc.forced && w.titrateToLevel(per, ev.cond, d, egfr, read(c.targetSlot), relaxed, u < chance, s) {
			return true
		}
		if missed && hc.line >= hc.forced && w.raiseWaits(per, ev.cond, hc.line, d, egfr) {
			hc.lastReview, hc.missed = d, true
			return true // slowtitration.go: the follow-up this asks for raises it when due
		}
		due := d-hc.lastChange >= models.Date(t.ChangeAfter()) || severe
		w.outgrewLastLine(per, ev.cond, d)                       // resistant.go: a child's last line, the next one now for their age
		escalate = w.stepChance(per, ev.cond, d, egfr, escalate) // stepchance.go: step 4 of hypertension
		if again && due && !hc.exhausted && w.lastLineMissed(per, ev.cond, d, egfr) {
			hc.exhausted = true // refer below seeks the specialist's advice (resistant.go)
		}
		if hc.line < hc.forced || (again && due && !hc.exhausted && u < escalate) {
			hc.stepOwed = false
			w.escalate(per, ev.cond, d, egfr, s)
			return hc.lastChange == d || titrating
		}
		if again && due && !hc.exhausted && (hc.line >= 0 || high) {
			w.declineStep(per, ev.cond, d, declined) // declinedstep.go
		}
		hc.stepOwed = exNow && !w.stepDeclined && !hc.exhausted && t.Exacerbations.Escalate > 0
		// A miss on treatment not acted on today (the first one, or one too
		// soon after the last change) is checked again at a follow-up, where
		// a second one steps treatment up: the recheck asks for that review.
		return titrating || t.Recheck && missed && hc.treated && hc.line >= 0 && !hc.exhausted
	}
	w.acceptLater(per, ev.cond, d, read) // reoffer.go: anticoagulation offered again at the AF review (h61c)
	w.startWhenDue(per, ev.cond, d, egfr, read, s)
	// A gated first line starts by its score alone (above); declining it is
	// not declining the rest (rate control in AF). Nor is declining a first
	// line the catalogue's reasons are about alone (first_line_only: the
	// beta-blocker of heart failure without an ACE inhibitor).
	titrating = w.startPlanned(per, ev.cond, hc, d, egfr, s) || titrating
	// an emergency for its acute problem since: the line it calls for is
	// started or raised, and the titration of the others waits for the
	// next review (decompensation.go)
	if w.afterAdmission(per, ev.cond, d, egfr, s) {
		hc.lastChange, titrating = d, true
	}
	// A titrated line with no target (an ACE inhibitor after a heart attack,
	// in CKD or heart failure) is stepped up at each follow-up towards its
	// highest dose, as tolerated (NICE NG185, NG203, NG106).
	// A drug started for another condition that covers such a line (ramipril
	// begun for hypertension when CHD follows) is stepped up the same way.
	// A step not yet due (another line started today, or the dose changed
	// less than two weeks ago) is taken at the follow-up this asks for, not
	// left to next year's review (twelfth review: candesartan 4 mg for heart
	// failure ran for a year when furosemide started at its follow-up).
	waiting := false
	for k := range per.courses {
		cr := &per.courses[k]
		// (a line titrated to a reading, titrate_reads: only while it is
		// above the line's level; basal insulin in type 1 diabetes, h58h)
		mine := cr.cond == ev.cond && cr.line >= 0 && c.lines[cr.line].Titrate && c.lines[cr.line].readsAbove(read)
		// (the other condition's drug: its own last dose change counts, not today's start of aspirin;
		// a course backdated to the heart attack, first issued after the stay, from that issue:
		// h64b, bisoprolol 1.25 mg raised 4 days after its first issue)
		theirs := cr.cond != ev.cond && titratesHere(hc, cr.meds)
		due := mine && d-hc.lastChange >= titrateDays || theirs && d-max(cr.start, cr.issued) >= titrateDays
		if due && w.stepUp(per, k, d, egfr) {
			hc.lastChange = d
			return true
		}
		// (not yet due, or due but held back by the potassium while the
		// dose is recent, titrating rather than settled: a follow-up reads
		// it again)
		if (mine || theirs) && (!due || d-cr.start < heldRaiseDays) && w.stepAllowed(per, k, d, egfr) {
			waiting = true
		}
	}
	return titrating || waiting
}

// startPlanned starts each planned line of the condition due by day d
// (dated its planned day), and reports whether one is a titrated line
// begun at its first dose, to be followed up.
func (w *worker) startPlanned(per *person, ci int, hc *heldCondition, d models.Date, egfr float64, s *distributions.Stream) bool {
	titrating := false
	if w.rechallenged { // one change at a time: the planned line waits for the next review
		return false
	}
	if hc.line < 0 && hc.waiting && w.clinicStarts(hc) && !w.atSpecialist {
		return false // accepted after a decline: the specialist starts it, and the later lines after it (scoregate.go)
	}
	for _, pl := range hc.planned {
		if pl.line > 0 && hc.excused && w.clinicStarts(hc) && !w.atSpecialist {
			continue // first line taken up after a decline: the later ones are the specialist's too, however long ago planned
		}
		if pl.line > hc.line && pl.start <= d && hc.startsLine(pl.line) && !w.leftToSpecialist(per, hc, pl) {
			back, wait := recurrenceStart(hc, pl, d)
			if wait {
				continue // the first line waits for a second seizure (recurrencefirst.go)
			}
			w.backdate = back
			w.startLine(per, ci, pl.line, d, egfr, s)
			w.backdate = 0
			titrating = w.settleDose(per, ci, pl.line, cmp.Or(back, d), d, egfr) || titrating
		}
	}
	return titrating
}

// startsLine reports whether planned line li of the condition may start:
// every line when it is treated; when it is not (or its first line waits for
// a score), the later lines only, if declining the first is not declining
// them.
func (hc *heldCondition) startsLine(li int) bool {
	c := hc.plan
	gated := gateOf(c) != nil
	if li == 0 {
		return hc.treated && !gated
	}
	firstOnly := c.Untreated != nil && c.Untreated.FirstLineOnly
	return hc.treated || gated || firstOnly
}

// titratesHere reports whether medicine m is an option of a titrated line
// of condition c: running for another condition, it serves this one too and
// is taken to the highest tolerated dose, whether or not this condition's
// own course would have reached that line (ramipril begun for hypertension
// is raised when CHD or CKD follows, NICE NG185, NG203).
func titratesHere(hc *heldCondition, m *medPlan) bool {
	c := hc.plan
	for li := range c.lines {
		if !c.lines[li].Titrate || hc.needsHold(li) {
			continue
		}
		for _, o := range c.lines[li].meds {
			if o != nil && o == m {
				return true
			}
		}
	}
	return false
}

// establishedDays: a fixed pathway's line planned to start this long before
// the first review seen is found on its maintenance dose, not titrating.
const establishedDays = 180

// titrateDays is the least time between dose steps of a titrated line
// without a target (BNF ramipril: every 1-2 weeks after an infarction, 2-4
// weeks otherwise; the model's follow-up reviews come about 3 months apart).
const titrateDays = 14

// settleDose sets the dose of a titrated line of a pathway without a target,
// just started at this review (begun on day start): a line begun long
// before is found on its maintenance dose; a new one reports that it needs
// the follow-up that steps it up.
func (w *worker) settleDose(per *person, ci, li int, start, d models.Date, egfr float64) bool {
	hc := &per.conds[ci]
	if hc.plan.CareTarget != nil || hc.line != li || !hc.plan.lines[li].Titrate {
		return false
	}
	if d-start >= establishedDays {
		w.establishedDose(per, ci, li, d, egfr)
		return false
	}
	return true
}

// establishedDose puts a line's course, started (backdated) at this review
// and not yet issued, on the highest step the kidneys allow.
func (w *worker) establishedDose(per *person, ci, li int, d models.Date, egfr float64) {
	age := per.ageOn(d)
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.cond != ci || cr.line != li || cr.lastRx >= 0 || !cr.running(d) {
			continue
		}
		for cr.meds.hasStep(age, cr.reg.Step+1) && !cr.renalCeiling(ceilingRaiseEGFR(per, cr.meds, d, egfr), cr.reg.Step+1) && w.progressionDue(per, cr, cr.reg.Step+1, d) {
			cr.reg = cr.meds.regimen(age, cr.reg.Step+1)
		}
	}
}

// heldRaiseDays: a titration step the potassium holds back is followed up
// while the dose it would raise is this recent (model, h59a: a heart
// failure ladder reaches its target within a year, NICE NG106 1.4); a
// settled dose waits for the condition's next review.
const heldRaiseDays = 180

// minStepDays: a dose is raised no sooner than two weeks after it was set
// (BNF: ACE inhibitors and beta-blockers in heart failure titrated at
// intervals of at least 2 weeks, approx). Sixteenth review's merge: a
// ramipril lowered at the renal cap was raised back at a hypertension
// review six days later.
const minStepDays = 14

// stepUp moves course k to its next regimen step from day d when the patient's
// age has one and the kidneys allow it; it reports whether it did.
func (w *worker) stepUp(per *person, k int, d models.Date, egfr float64) bool {
	if !w.canStepUp(per, k, d, egfr) {
		return false
	}
	cr := &per.courses[k]
	w.changeStep(per, k, cr.meds.regimen(per.ageOn(d), cr.reg.Step+1), d)
	return true
}

// canStepUp reports whether course k could move to its next regimen step on
// day d: running at its dose for at least minStepDays (longer in CKD for
// some: slowtitration.go), with a next step for
// the patient's age, that neither the kidneys nor a slow heart rule out.
// Nor is it raised at a latest potassium above 5.0 (raiseBarredByResult).
func (w *worker) canStepUp(per *person, k int, d models.Date, egfr float64) bool {
	return w.stepAllowed(per, k, d, egfr) && raiseDue(per, k, egfr, d) && !raiseBarredByResult(per, per.courses[k].meds, d)
}

// stepAllowed is canStepUp whenever it is and whatever the potassium: a
// raise the dose's recent change or the potassium holds back is waited for
// at a follow-up that reads it again (h59a: a heart failure follow-up held
// 13 days after candesartan was raised asked for no other, and the next
// step waited ten months for the yearly review).
func (w *worker) stepAllowed(per *person, k int, d models.Date, egfr float64) bool {
	cr := &per.courses[k]
	age := per.ageOn(d)
	return cr.running(d) && !cr.slowCapped && cr.meds.hasStep(age, cr.reg.Step+1) && !cr.renalCeiling(ceilingRaiseEGFR(per, cr.meds, d, egfr), cr.reg.Step+1) && !w.slowHeartBarsRaise(per, cr.meds, d) &&
		!w.lowPressureBarsRaise(per, cr.meds, d) && !w.progressionBars(per, cr, cr.reg.Step+1, d)
}

// escalate intensifies treatment one step: start the first line, titrate the
// latest line's drug, or add the next line; when none is left the pathway is
// exhausted.
func (w *worker) escalate(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[ci]
	c := hc.plan
	if hc.line < 0 {
		w.startLine(per, ci, 0, d, egfr, s)
		return
	}
	if c.lines[hc.line].Titrate {
		for k := range per.courses {
			if cr := &per.courses[k]; cr.cond == ci && cr.line == hc.line && w.stepUp(per, k, d, egfr) {
				hc.lastChange = d
				hc.changes++
				return
			}
		}
		if w.raiseWaits(per, ci, hc.line, d, egfr) {
			return // slowtitration.go: raised at a later review
		}
	}
	if hc.line+1 >= len(c.lines) {
		hc.exhausted = true
		return
	}
	hc.changes++
	for hc.line+1 < len(c.lines) {
		before, n := hc.line, len(per.courses)
		w.startLine(per, ci, hc.line+1, d, egfr, s)
		if len(per.courses) > n || hc.line == before || w.forcedMed(per, c, hc.line) != nil {
			return
		}
		// The line was reached by a drug already running (amlodipine given
		// in place of a barred ACE inhibitor, losartan begun for CKD): a
		// step up that changes nothing is no step, so the next line is
		// added today (twenty-sixth review: the thiazide waited for the
		// next review that missed the target).
	}
}

// startLine starts treatment line li of condition ci: the scenario's forced
// drug, or a drug chosen among the line's options that the rules allow and
// that no running drug already covers. A line with nothing to add still
// counts as reached.
func (w *worker) startLine(per *person, ci, li int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[ci]
	c := hc.plan
	if li == 0 {
		w.switchUnsuited(per, ci, d, egfr) // unsuited.go: MART becomes the fixed-dose inhaler at a COPD diagnosis
	}
	if hc.needsHold(li) { // the reading does not call for it (lineneeds.go)
		return
	}
	line := &c.lines[li]
	m := w.forcedMed(per, c, li)
	if m == nil && hc.clinicHeldBack {
		return // the specialist's treatment, which their clinic held back: not the practice's to start (nor a later line)
	}
	if m == nil && line.NotInEndOfLife != nil && per.inEndOfLifeCare(d) && !w.lineCovered(per, line, d) {
		return // not begun on the palliative care register (datasets/eolhold.go); a running course goes on
	}
	if m == nil && line.NotWhenRelaxed != nil && w.relaxedTarget(per, c.CareTarget, d) > 0 && !w.lineCovered(per, line, d) {
		return // not begun under a relaxed target (datasets/relaxedhold.go); a running course goes on
	}
	if m != nil {
		// a scenario's drug replaces whatever of its class runs
		if k := w.covered(per, m, d); k >= 0 && per.courses[k].med != m.med {
			w.stopCourse(per, k, d)
		}
	} else if m = w.chooseDrug(per, line, d, egfr, false, s); m == nil {
		if w.lineCovered(per, line, d) {
			hc.line, hc.lastChange = max(hc.line, li), d
			return
		}
		if m = w.ruledOutChoice(per, line, d, egfr); m == nil { // ifruledout.go: amlodipine when ramipril is barred
			return // nothing suitable today: a later review tries again
		}
	} else if w.classLimitBars(per, m, d) {
		// classlimit.go: no fourth glucose-lowering tablet; the line counts
		// as reached and escalate goes on to the next (insulin)
		hc.line, hc.lastChange = max(hc.line, li), d
		return
	} else {
		w.switchFrom(per, ci, line, m, d) // switch.go: the drug it replaces stops first
	}
	if k := w.covered(per, m, d); k < 0 {
		// on another condition's ladder when one takes it over (heldladder.go)
		k := w.startCourse(per, w.heldLadder(per, ci, m, d), ci, li, 0, d, line.effectsOf(m), egfr, s)
		if k < 0 {
			return
		}
		per.courses[k].forced = w.forcedMed(per, c, li) != nil
		w.trialStop(per, k, ci, li, d)
		w.replaceForCondition(per, ci, line, m, d)
	} else if cr := &per.courses[k]; cr.med == m.med && w.forcedMed(per, c, li) != nil {
		if cr.event {
			// a scenario's drug given first as an event's course goes on for good
			cr.event, cr.stop, cr.cond, cr.line = false, models.NoDate, ci, li
		}
		// a scenario's drug already given for another condition is the
		// scenario's from now on: kept whatever else starts, halved, not
		// stopped, on a slow heart (fourteenth review: a persona's
		// bisoprolol, begun for her angina before her AF, was stopped on a
		// pulse of 48 and the AF line that forced it never started again)
		cr.forced = true
	}
	hc.line, hc.lastChange = max(hc.line, li), d
}

// lineCovered reports whether a running course already covers one of the
// line's options (the line's aim is met by a drug given for another reason).
func (w *worker) lineCovered(per *person, line *linePlan, d models.Date) bool {
	for _, m := range line.meds {
		if m != nil && w.covered(per, m, d) >= 0 {
			return true
		}
	}
	return false
}

// coPrescribe starts the condition's co-prescriptions (statins) at
// diagnosis, by their chance; a statin already running is raised to the
// intensity asked for.
func (w *worker) coPrescribe(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[ci]
	age := per.ageOn(d)
	for k, a := range hc.plan.also {
		take := s.Bernoulli(a.Probability)
		if take && age < a.MinAge {
			hc.alsoLater |= 1 << k
			continue
		}
		if take {
			w.alsoPrescribe(per, ci, a, age, d, egfr, s)
		} else if w.raiseRunning(per, a, age, d, egfr) {
			// already on it at a lower dose (atorvastatin 20 mg before a heart
			// attack): the draw is whether a new start is taken; a course
			// that is tolerated is raised to the condition's step (NICE NG238)
		} else if len(a.NotTaken) > 0 {
			w.alsoNotTaken(per, ci, k) // cvdrisk.go
		}
	}
	if per.cohort == nil {
		return
	}
	for _, fd := range per.cohort.drugs { // forced drugs with no line of their own
		if fd.cond == hc.plan.idx && fd.line < 0 {
			m := w.plan.medPlans[fd.med.Key]
			if m == nil {
				continue
			}
			if k := w.covered(per, m, d); k >= 0 {
				if per.courses[k].med == m.med {
					per.courses[k].forced = true // given for another condition: the scenario's from now on
					continue
				}
				w.stopCourse(per, k, d)
			}
			if k := w.startCourse(per, m, ci, -1, 0, d, nil, egfr, s); k >= 0 {
				per.courses[k].forced = true
			}
		}
	}
}

// alsoPrescribe starts a drug commonly co-prescribed with the condition
// when it was chosen (take) and the rules allow it on day d, or raises a
// running one of the same medicine to its step.
func (w *worker) alsoPrescribe(per *person, ci int, a alsoPlan, age int, d models.Date, egfr float64, s *distributions.Stream) {
	if a.meds == nil || !w.allowed(per, a.meds, d, egfr, -1) {
		return
	}
	if w.covered(per, a.meds, d) >= 0 {
		w.raiseRunning(per, a, age, d, egfr)
		return
	}
	w.startCourse(per, a.meds, ci, -1, a.Step, d, a.effects, egfr, s)
}

// raiseRunning raises a running course of the co-prescription's own medicine
// to its step when it runs at a lower one and the rules allow the medicine on
// day d (the drug's ladder having the step at the person's age); it reports
// whether it raised one.
func (w *worker) raiseRunning(per *person, a alsoPlan, age int, d models.Date, egfr float64) bool {
	if a.meds == nil || !w.allowed(per, a.meds, d, egfr, -1) {
		return false
	}
	k := w.covered(per, a.meds, d)
	if k < 0 {
		return false
	}
	cr := &per.courses[k]
	if cr.med != a.meds.med || cr.reg.Step >= a.Step || !cr.meds.hasStep(age, a.Step) || w.slowHeartBarsRaise(per, cr.meds, d) ||
		w.lowPressureBarsRaise(per, cr.meds, d) {
		return false
	}
	w.changeStep(per, k, cr.meds.regimen(age, a.Step), d)
	return true
}

// alsoFromAge starts, at a review, the co-prescribed drugs decided at
// diagnosis that waited for the person to reach their age (NICE NG238: a
// statin is considered from 40 in diabetes, whenever it was diagnosed).
func (w *worker) alsoFromAge(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[ci]
	age := per.ageOn(d)
	for k, a := range hc.plan.also {
		if hc.alsoLater&(1<<k) != 0 && age >= a.MinAge {
			hc.alsoLater &^= 1 << k
			w.alsoPrescribe(per, ci, a, age, d, egfr, s)
		}
	}
}

// forcedMed is the drug a cohort forces on line li of condition c, if any.
func (w *worker) forcedMed(per *person, c *condPlan, li int) *medPlan {
	if per.cohort == nil {
		return nil
	}
	for _, fd := range per.cohort.drugs {
		if fd.cond == c.idx && fd.line == li {
			// the line's own option when it names the drug (its ladder: a
			// titrated line steps through the option's doses)
			for _, m := range c.lines[li].meds {
				if m != nil && m.med.Key == fd.med.Key {
					return m
				}
			}
			return w.plan.medPlans[fd.med.Key]
		}
	}
	return nil
}

// eventCourse starts the time-limited course that follows an acute event
// (a P2Y12 inhibitor for 12 months after a myocardial infarction), from the
// event's day, when an option suits and the prescribing rules allow it.
func (w *worker) eventCourse(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[ci]
	m := w.chooseDrug(per, hc.plan.event, d, egfr, true, s)
	if m == nil {
		return
	}
	k := w.startCourse(per, m, ci, -1, 0, d, nil, egfr, s)
	if k < 0 {
		return
	}
	c := &per.courses[k]
	c.event, c.stop = true, hc.onset+models.Date(hc.plan.OnsetEvent.Course.Days)
	if c.stop <= d { // the course was over before this first review
		c.stop = max(c.start+1, d)
	}
}

// chooseDrug picks, by weight, one of the line's options that suits the
// patient on the day and is allowed by the prescribing rules (as an onset
// event's course when event is set).
func (w *worker) chooseDrug(per *person, line *linePlan, d models.Date, egfr float64, event bool, s *distributions.Stream) *medPlan {
	age := per.ageOn(d)
	u := s.Float64()
	var total float64
	ok := w.okOpts[:0]
	for i, o := range line.Options {
		m := line.meds[i]
		if m == nil || !o.Suits(age, per.group) || !line.suitsConditions(per, i, d) ||
			!w.allowedAs(per, m, d, egfr, -1, event) || !w.resultAllows(per, line, i, d) || w.coveredAs(per, m, d, event) >= 0 && !w.switches(per, o, m, d) ||
			w.aspirinRuledOutFor(per, m, d) {
			ok = append(ok, false)
			continue
		}
		ok = append(ok, true)
		total += weightOf(o.Weight)
	}
	w.okOpts = ok
	if total == 0 {
		return nil
	}
	u *= total
	for i, o := range line.Options {
		if !ok[i] {
			continue
		}
		u -= weightOf(o.Weight)
		if u < 0 {
			return line.meds[i]
		}
	}
	return nil
}

// aspirinRuledOutFor reports whether m is ticagrelor and aspirin cannot be
// given to the person on day d (an NSAID or aspirin allergy, a recorded
// contraindication). Ticagrelor is given with low-dose aspirin only (NICE
// TA236), never alone; where aspirin is ruled out the year's P2Y12
// inhibitor after a heart attack is clopidogrel, which may be given alone
// (NICE CG172/NG185: clopidogrel for aspirin hypersensitivity). Before
// (stop 72, seed 11), a person with an NSAID allergy had ticagrelor with no
// aspirin for a year.
func (w *worker) aspirinRuledOutFor(per *person, m *medPlan, d models.Date) bool {
	if m.med == nil || m.med.Key != "ticagrelor" {
		return false
	}
	a := w.plan.medPlans["aspirin"]
	return a != nil && (allergic(per, a, d) || barredOnRecord(per, a, d))
}

func weightOf(w float64) float64 {
	if w == 0 {
		return 1
	}
	return w
}

// refer books an outpatient appointment, once per referral rule, when a
// review's reading crosses the rule's threshold or the pathway is exhausted
// with the target still missed. It reports the attendance an at-diagnosis
// rule booked (nil when none).
func (w *worker) refer(per *person, hc *heldCondition, d models.Date, t models.Timestamp, read func(int) float64, s *distributions.Stream) *bookedClinic {
	c := hc.plan
	var booked *bookedClinic
	w.codeDeclinedBefore(per, hc, d, t) // renalreferral.go
	for k := range c.referrals {
		r := &c.referrals[k]
		w.referAgain(hc, k, d) // resistant.go
		if !referable(per, hc, k, d) || (r.AssessmentOnly || r.Reassess != nil) && d < per.firstDay {
			// a one-off assessment (an ACR of 70 or more, brief h55e) is
			// decided at a review the record holds: before, one decided at
			// a review before the record opened left a GP reading ACRs of
			// 300 at every CKD review with no referral (5 of 7 unexplained,
			// generate -n 20000 -s 83); it changes no state
			continue
		}
		due := hc.exhausted && r.WhenExhausted || r.AtDiagnosis // the first decision is the diagnosis
		if r.BeforeRecord {
			due = w.unrecordedSince(per, hc, r, d) // a test not on the record (beforerecord.go)
		}
		if r.Reassess != nil {
			due = w.repeatTestDue(per, hc, r, d) // reassessecho.go
		}
		if r.slot >= 0 {
			v := read(r.slot)
			due = (r.Below != nil && v < *r.Below) || (r.AtLeast != nil && v >= *r.AtLeast)
			if r.Twice || r.AfterChanges > 0 {
				due = w.referSevere(per, hc, k, due, d) // severespecialist.go
			} else if due && r.Chance > 0 {
				// a share of the reviews that read it refer (pulmonary
				// rehabilitation at MRC 3 or more); the rest consider it again
				due = w.severeChance(per, hc, r.Chance, d)
			}
			// two results past it months apart, at any review (renalreferral.go)
			due = due || r.Sustained && w.sustainedBelow(per, r.slot, *r.Below, c.Sustained.Days, d)
			due = due && !w.treatedFor(per, hc, r.unless, d) // renalreferral.go
		}
		if !due || referredTo(c, hc, k, d) {
			continue
		}
		if b := w.referNow(per, hc, k, d, t, s); b != nil {
			booked = b
		}
	}
	return booked
}

// referable reports whether referral rule k of the condition can still
// refer the person on day d: not yet done, and the age fits.
func referable(per *person, hc *heldCondition, k int, d models.Date) bool {
	r := &hc.plan.referrals[k]
	age := per.ageOn(d)
	return hc.referred&(1<<k) == 0 && age >= r.MinAge && (r.MaxAge == 0 || age <= r.MaxAge) && !(r.InPrimaryCare && hc.presented) &&
		!eolAtDiagnosis(per, r, d)
}

// eolAtDiagnosis reports whether referral rule r is one a diagnosis in
// primary care makes (at_diagnosis, in_primary_care) and day d falls in
// end-of-life care, where no new clinic is booked (referNow): the GP
// neither refers nor waits for the clinic (brief h75a: a woman dying of
// cirrhosis diagnosed with type 1 diabetes at a home visit was coded as
// referred to the diabetologist, with no clinic and no HbA1c; generate -n
// 20000 -s 97).
func eolAtDiagnosis(per *person, r *referralPlan, d models.Date) bool {
	return r.AtDiagnosis && r.InPrimaryCare && per.inEndOfLifeCare(d)
}

// referNow makes referral rule k's decision, due on day d at the current
// review (time t): the referral coded and the clinic booked, or, for a
// share of older people (Declined), the referral declined and coded. It
// reports the attendance an at-diagnosis rule booked (nil when none).
func (w *worker) referNow(per *person, hc *heldCondition, k int, d models.Date, t models.Timestamp, s *distributions.Stream) *bookedClinic {
	c := hc.plan
	r := &c.referrals[k]
	hc.referred |= 1 << k
	if r.AgainAfterYears > 0 {
		hc.referredOn = d
	}
	if w.referralDeclined(per, hc, k, d, t) {
		return nil
	}
	if r.StartsLine > 0 || r.BeforeRecord || r.Reassess != nil { // its draws its own, so no other draw moves (specialiststart.go)
		ss := w.specialistStream(per, hc, d, specialistReferral)
		s = &ss
	}
	if r.recorded != nil && d >= per.firstDay && w.curEnc != "" { // coded at the review (thirteenth review)
		w.b.Observations = append(w.b.Observations, w.observation(per, w.curEnc, t.AddMinutes(2), r.recorded))
		hc.coded |= 1 << k
		hc.codedOn = d
	}
	if r.Community { // a service whose appointments never reach the record
		return nil
	}
	days := [2]int{14, 55}
	if r.Days[1] > 0 {
		days = r.Days
	}
	if so := r.Sooner; so != nil {
		if v, ok := w.recordedAt(per, r.soonerBy, w.curEnc); ok && v > so.Above {
			days = so.Days // a very high NT-proBNP: within 2 weeks (referral.go)
		}
	}
	var booked *bookedClinic
	seen := d + models.Date(between(days, s))
	if d >= per.firstDay && !per.inEndOfLifeCare(seen) { // end-of-life care: no new clinic
		id, start, ok := w.outpatientAt(per, seen, hc.id, s)
		if !ok && (r.BeforeRecord || r.Reassess != nil) {
			hc.referred &^= 1 << k // no clinic to be had: the next review refers again
		}
		if ok && (r.AtDiagnosis || r.StartsLine > 0) {
			booked = &bookedClinic{enc: id, start: start, line: r.StartsLine}
		}
		if ok && r.Course != nil {
			w.referralCourse(per, hc, r, start.Date()) // referralcourse.go: therapy over weeks, then the GP
		}
		if ok && r.procedure != nil { // the test the clinic does (an echocardiogram)
			w.b.Observations = append(w.b.Observations, w.observation(per, id, start.AddMinutes(5), r.procedure))
			for _, k := range r.readings { // what it measures (the ejection fraction)
				w.observe(per, id, start.AddMinutes(5), k, s)
			}
		}
	}
	if r.StartsLine > 0 && d < per.firstDay { // before the record: the state only
		w.startReferredLine(per, hc, r.StartsLine-1, d, s)
	}
	if c.ClinicAfterReferral && hc.clinicFrom == 0 && !r.AssessmentOnly {
		hc.clinicFrom = seen // followed up there from the first appointment
	}
	return booked
}

// issueRepeats authorises, at a review on day d, each running medicine the
// condition owns, to run until the day before the next review, which falls
// on day next (open when that is past the patient's last day, or to the
// date of death).
func (w *worker) issueRepeats(per *person, ci int, encID string, d, next models.Date) {
	if next <= d { // a jittered step never goes backwards
		next = d + 1
	}
	hc := &per.conds[ci]
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.cond != ci || !cr.running(d) {
			continue
		}
		end := repeatEnd(per, cr, next)
		if cr.lastRx >= 0 {
			rx := &w.b.Prescriptions[cr.lastRx]
			w.bridgeToReview(per, rx, d)
			if cr.event && cr.stop-d < 28 && rx.EndDate != models.NoDate && rx.EndDate >= d-1 {
				rx.EndDate = end // a course ending within weeks runs out on the last issue
				continue
			}
			if rx.StartDate == d { // already issued today (a dose change): extend it
				rx.EndDate, rx.ConditionID = end, hc.id
				continue
			}
			if rx.DMDCode == cr.reg.DMDCode && w.stillCovered(per, rx, d, end) {
				// the last issue still covers the patient: the review
				// re-authorises it to run until the next, no new issue
				rx.EndDate = end
				continue
			}
			if rx.EndDate == models.NoDate || rx.EndDate >= d { // re-authorised early: the previous issue ends now
				rx.EndDate = max(d-1, rx.StartDate)
			}
		}
		w.addRepeat(per, cr, hc.id, encID, d, end)
	}
	w.renalStopsAhead(per, d)
}

// repeatEnd is the last day of a repeat authorised until the day before the
// next review (on day next): earlier when the course stops, the date of
// death, or open when that is past the patient's last day.
func repeatEnd(per *person, cr *course, next models.Date) models.Date {
	end := next - 1
	if cr.stop != models.NoDate && cr.stop-1 < end {
		end = cr.stop - 1
	}
	// A preventive medicine started after the end-of-life medicines review
	// was written (osteoporosis found after a fracture the background drew)
	// still stops there: the review's rule (allowedAs) would have stopped it.
	if dp := per.deprescribe; dp != 0 && cr.meds.preventive && (!cr.event || !keptBeside(per, cr.meds, dp)) && !cr.forced && cr.start < dp && dp-1 < end {
		end = dp - 1
	}
	switch {
	case per.death != models.NoDate && end >= per.death:
		end = per.death
	case end >= per.lastDay:
		end = models.NoDate
	}
	return end
}

// addRepeat writes an issue of the course, made at encounter encID on day d
// for condition row condID, to run until end.
func (w *worker) addRepeat(per *person, cr *course, condID, encID string, d, end models.Date) {
	if cr.lastRx < 0 {
		cr.issued = d
	}
	encID, d = w.starterIssue(per, cr, condID, encID, d, end) // starter.go: a titration course first
	w.issue(per, encID, condID, cr.reg, d, end, models.PrescriptionRepeat)
	cr.lastRx = len(w.b.Prescriptions) - 1
}

// reviewSlots are the observations a review of the condition records at an
// age: the paediatric team's own list for a child, when the catalogue gives
// one.
func (c *condPlan) reviewSlots(age int) []int {
	if pc := c.Reviews.Paediatric; pc != nil && age < pc.Under && c.paedReviews != nil {
		return c.paedReviews[max(age, 0)]
	}
	return c.reviews
}
