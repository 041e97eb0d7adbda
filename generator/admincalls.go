package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Administrative telephone contacts (issue 9, brief h54c). nothingToSee
// books one with chance admin_share when an adult's contact has nothing
// else to see; once the person's record is written (every test, stay and
// episode) adminCalls makes it answer something on it: the result of a
// test taken a few days before, or a fit note during an illness or after
// a stay; with nothing on the record to answer it is not booked. Before,
// 42% of telephone contacts held nothing but "Telephone consultation",
// about nothing the record showed (generate -n 20000 -s 83).

// adminCallPlan is catalogue activity.gp_condition_state.admin_calls,
// resolved.
type adminCallPlan struct {
	a       *datasets.AdminCalls
	results map[string]bool // the SNOMED codes of the tests whose results a call gives
	result  datasets.ObservationCode
	fitNote datasets.ObservationCode
}

// resolveAdminCalls looks up the codes (checked on load).
func (p *Plan) resolveAdminCalls() error {
	a := p.Cat.Activity.GPConditionState.AdminCalls
	if a == nil {
		return nil
	}
	ap := &adminCallPlan{a: a, results: map[string]bool{}}
	for _, k := range a.Results {
		code, ok := datasets.ObservationByKey(k)
		if !ok {
			return fmt.Errorf("catalogue: admin_calls result %q is not in observation_codes.csv", k)
		}
		ap.results[code.Snomed] = true
	}
	ap.result, _ = datasets.ObservationByKey(a.ResultCode)
	ap.fitNote, _ = datasets.ObservationByKey(a.FitNoteCode)
	// adminCalls gathers the result tests once per person (admincallrecord.go):
	// a call's own entry, recoded as it is answered, must never be one.
	for _, c := range []string{p.phoneConsult.Snomed, ap.result.Snomed, ap.fitNote.Snomed} {
		if ap.results[c] {
			return fmt.Errorf("catalogue: admin_calls results include a call's own code %s", c)
		}
	}
	p.adminCalls = ap
	return nil
}

// adminCalls resolves each administrative telephone contact nothingToSee
// booked (per.adminCalls): a results call, coded "Patient informed - test
// result", about the condition the test was taken for; else a fit note for
// a person of working age, about the episode or stay it covers; else it is
// withdrawn with its code. A contact something else has since used (a
// referral made at it, another record) is left as it is.
func (w *worker) adminCalls(per *person) {
	ap := w.plan.adminCalls
	if ap == nil || len(per.adminCalls) == 0 {
		return
	}
	b := w.b
	r := w.gatherAdminCallRecord(per)
	if adminRecordCheck != nil {
		adminRecordCheck(w, per)
	}
	var drop []int
	given := per.resultsGiven[:0] // the encounters whose tests a call has given
	given = w.givenAtCultureCalls(per, given)
	for e := per.encFrom; e < len(b.Encounters); e++ {
		x := &b.Encounters[e]
		if x.ReasonConditionID != "" {
			continue
		}
		j := callIndex(per, x.EncounterID)
		if j < 0 {
			continue
		}
		code := r.code[j]
		if code < 0 || r.others[j] {
			continue
		}
		d := x.StartTime.Date()
		o := &b.Observations[code]
		if enc := w.resultToGive(per, d, given); enc != nil {
			given = append(given, enc.EncounterID)
			x.ReasonConditionID = w.linkedReason(per, enc.ReasonConditionID, d)
			setCode(o, &ap.result)
			continue
		}
		if reason, ok := w.fitNoteFor(per, d); ok {
			x.ReasonConditionID = reason
			setCode(o, &ap.fitNote)
			continue
		}
		if enc, to := w.moveToResult(per, x, given); enc != nil { // booked days after a test near it instead
			moveContact(per, x, o, to)
			given = append(given, enc.EncounterID)
			x.ReasonConditionID = w.linkedReason(per, enc.ReasonConditionID, to)
			setCode(o, &ap.result)
			continue
		}
		if reason, to, ok := w.moveToFitNote(per, x); ok {
			moveContact(per, x, o, to)
			x.ReasonConditionID = reason
			setCode(o, &ap.fitNote)
			continue
		}
		o.ObservationID = models.ID{}
		w.obsWithdrawn = true
		drop = append(drop, e)
		per.gpDays.remove(d)
	}
	per.resultsGiven = given
	if len(drop) > 0 {
		w.b.Encounters = deleteAt(w.b.Encounters, drop)
	}
}

// setCode gives coded entry o another code with no value.
func setCode(o *models.Observation, c *datasets.ObservationCode) {
	o.SnomedCode, o.LoincCode, o.Description = c.Snomed, c.Loinc, c.Term
}

// resultToGive is the GP encounter whose test result a call on day d gives:
// the latest with a test of admin_calls results taken result_days before d,
// whose results no call has given yet (nil: none).
func (w *worker) resultToGive(per *person, d models.Date, given []string) *models.Encounter {
	ap := w.plan.adminCalls
	lo, hi := d-models.Date(ap.a.ResultDays[1]), d-models.Date(ap.a.ResultDays[0])
	best := -1
	for _, t := range w.adminRecord.tests {
		if t.day < lo || t.day > hi || t.enc == best {
			continue
		}
		enc := &w.b.Encounters[t.enc]
		if (best >= 0 && enc.StartTime <= w.b.Encounters[best].StartTime) || givenAlready(given, enc.EncounterID) {
			continue
		}
		best = t.enc
	}
	if best < 0 {
		return nil
	}
	return &w.b.Encounters[best]
}

// fitNoteFor is the condition a fit note issued on day d is for, for a
// person of fit_note_ages: an inpatient stay ended within
// fit_note_after_days before d (its reason), or an episode of one of
// fit_note_for begun at least fit_note_min_days before d, not resolved by
// d and begun within fit_note_new_days (a fit note covers the weeks off
// work; a long illness is reviewed, not certified by telephone for ever).
func (w *worker) fitNoteFor(per *person, d models.Date) (string, bool) {
	a := w.plan.adminCalls.a
	if age := per.ageOn(d); age < a.FitNoteAges[0] || age > a.FitNoteAges[1] {
		return "", false
	}
	after := models.Date(a.FitNoteAfterDays)
	r := w.fitNoteSources(per)
	for _, e := range r.stays {
		x := &w.b.Encounters[e]
		if end := x.EndTime.Date(); end < d && end >= d-after && w.linkedReason(per, x.ReasonConditionID, d) != "" {
			return x.ReasonConditionID, true
		}
	}
	for _, i := range r.conds {
		c := &w.b.Conditions[i]
		if d < c.OnsetDate+models.Date(a.FitNoteMinDays) || d > c.OnsetDate+models.Date(a.FitNoteNewDays) {
			continue
		}
		if w.linkedReason(per, c.ConditionID, d) == "" {
			continue
		}
		return c.ConditionID, true
	}
	return "", false
}

// moveContact moves GP contact x and its coded entry o to day to, at the
// same time of day on the UK clock, and its day with it.
func moveContact(per *person, x *models.Encounter, o *models.Observation, to models.Date) {
	from := x.StartTime.Date()
	shift := dayShift(from, to)
	x.StartTime += shift
	x.EndTime += shift
	o.EffectiveTime += shift
	per.gpDays.remove(from)
	per.gpDays.add(to)
}

// dayShift is what moves a time on day from to the same local time on day
// to: whole days, and the hour the clocks changed by between them. Whole
// days alone moved a result call made at 08:10 in British Summer Time to
// 07:10 in November, before the practice opens (core hours 08:00-18:30,
// GMS contract; 511 calls at 07:xx and 514 at 18:xx local on generate -n
// 20000 -s 83, h64a).
func dayShift(from, to models.Date) models.Timestamp {
	return to.Start() - from.Start() + models.Timestamp(ukClock.offsetMinutes(from)-ukClock.offsetMinutes(to))*models.Timestamp(models.MicrosPerMinute)
}

// callDayFree reports whether GP contact x may move to day to: on the same day
// of the week (the practice's opening days), in the record, with no other
// GP appointment, planned operation or stay that day, at the same practice,
// in the history window.
func (w *worker) callDayFree(per *person, x *models.Encounter, to models.Date) bool {
	from := x.StartTime.Date()
	if (to-from)%7 != 0 || to < w.plan.Opts.HistoryStart() || to > per.lastDay || to > w.plan.Opts.Population() || ukClock.closed(to) || per.gpDays.has(to) || per.plannedDays.has(to) || per.inEndOfLifeCare(to) {
		return false
	}
	had := per.gpDays.has(from)
	per.gpDays.remove(from) // a scenario's cap on GP contacts counts the day it leaves, not both
	capped := per.capsGPVisit(to)
	if had {
		per.gpDays.add(from)
	}
	if capped {
		return false
	}
	t := x.StartTime + dayShift(from, to)
	if _, in := inStay(per, t); in {
		return false
	}
	pr := per.practiceAt(t)
	return pr != nil && pr.PracticeID == x.PracticeID
}

// firstFree is the first day from lo to hi that contact x may move to
// (callDayFree), or NoDate.
func (w *worker) firstFree(per *person, x *models.Encounter, lo, hi models.Date) models.Date {
	from := x.StartTime.Date()
	d := lo + ((from-lo)%7+7)%7 // the first day from lo on x's day of the week
	for ; d <= hi; d += 7 {
		if w.callDayFree(per, x, d) {
			return d
		}
	}
	return models.NoDate
}

// moveToResult finds, for an administrative contact x with nothing to
// answer on its day, the GP encounter with a test of admin_calls results
// taken within move_days of it whose result no call has given, nearest
// first, and a day result_days after it x may move to (nil: none).
func (w *worker) moveToResult(per *person, x *models.Encounter, given []string) (*models.Encounter, models.Date) {
	ap := w.plan.adminCalls
	d, move := x.StartTime.Date(), models.Date(ap.a.MoveDays)
	best := -1
	bestDay, bestGap := models.NoDate, models.Date(0)
	for _, t := range w.adminRecord.tests {
		od := t.day
		if od < d-move || od > d+move {
			continue
		}
		gap := max(od-d, d-od)
		if best >= 0 && (t.enc == best || gap >= bestGap) {
			continue
		}
		if givenAlready(given, w.b.Encounters[t.enc].EncounterID) {
			continue
		}
		to := w.firstFree(per, x, od+models.Date(ap.a.ResultDays[0]), od+models.Date(ap.a.ResultDays[1]))
		if to == models.NoDate {
			continue
		}
		best, bestDay, bestGap = t.enc, to, gap
	}
	if best < 0 {
		return nil, models.NoDate
	}
	return &w.b.Encounters[best], bestDay
}

// moveToFitNote finds, for an administrative contact x with nothing to
// answer on its day, a day within move_days of it when a fit note is due
// (fitNoteFor) that x may move to, and the condition it is for.
func (w *worker) moveToFitNote(per *person, x *models.Encounter) (string, models.Date, bool) {
	a := w.plan.adminCalls.a
	d, move := x.StartTime.Date(), models.Date(a.MoveDays)
	try := func(lo, hi models.Date) models.Date {
		lo, hi = max(lo, d-move), min(hi, d+move)
		if lo > hi {
			return models.NoDate
		}
		to := w.firstFree(per, x, lo, hi)
		if to != models.NoDate {
			if age := per.ageOn(to); age < a.FitNoteAges[0] || age > a.FitNoteAges[1] {
				return models.NoDate
			}
		}
		return to
	}
	r := w.fitNoteSources(per)
	for _, e := range r.stays {
		s := &w.b.Encounters[e]
		end := s.EndTime.Date()
		if to := try(end+1, end+models.Date(a.FitNoteAfterDays)); to != models.NoDate && w.linkedReason(per, s.ReasonConditionID, to) != "" {
			return s.ReasonConditionID, to, true
		}
	}
	for _, i := range r.conds {
		c := &w.b.Conditions[i]
		hi := c.OnsetDate + models.Date(a.FitNoteNewDays)
		if c.ResolvedDate != models.NoDate {
			hi = min(hi, c.ResolvedDate)
		}
		if to := try(c.OnsetDate+models.Date(a.FitNoteMinDays), hi); to != models.NoDate && w.linkedReason(per, c.ConditionID, to) != "" {
			return c.ConditionID, to, true
		}
	}
	return "", models.NoDate, false
}

// stayCertified reports whether inpatient stay x brings a fit note: its
// reason is not one of fit_note_not_after (a birth).
func (w *worker) stayCertified(per *person, x *models.Encounter) bool {
	c := w.conditionRow(per, x.ReasonConditionID)
	return c == nil || !slices.Contains(w.plan.adminCalls.a.FitNoteNotAfter, c.ConditionKey)
}

// linkedReason is condition id as the reason of an administrative call on
// day d, or "" when the call may not be about it: an acute problem
// resolved before d (a contact keeps its problem open), or one whose GP
// contacts already reach what its follow-ups allow (catalogue
// gp_new_problem.follow_ups; the call then gives the result or
// certificate without reopening the problem).
func (w *worker) linkedReason(per *person, id string, d models.Date) string {
	c := w.conditionRow(per, id)
	if id == "" || c == nil || c.Chronic || c.ResolvedDate == models.NoDate {
		return id
	}
	if c.ResolvedDate < d {
		return ""
	}
	n := 0
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if x := &w.b.Encounters[e]; x.Setting == settingGP && sameRowID(x.ReasonConditionID, id) {
			n++
		}
	}
	if n >= 1+w.plan.Cat.Activity.GPNewProblem.FollowUps.Allowed(int(c.ResolvedDate-c.OnsetDate)) {
		return ""
	}
	return id
}

// givenAtCultureCalls appends to given the test a urine culture's result
// call (cultureresult.go, made before) gives with it: the result due on
// its day. A GP read a culture's call and, the next day, a second "Patient
// informed - test result" call giving a check-up's ferritin that was due
// at the first (generate -n 3000 -s 31, brief fxc); the practice gives
// every result due when it telephones the patient.
func (w *worker) givenAtCultureCalls(per *person, given []string) []string {
	cp := w.plan.cultureResult
	if cp == nil {
		return given
	}
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		// the call codes the result given (a switch's or a no growth's
		// stop, nogrowthstop.go); no results call has been answered yet
		if o.SnomedCode != cp.informed.Snomed || o.ObservationID.IsZero() {
			continue
		}
		if enc := w.resultToGive(per, o.EffectiveTime.Date(), given); enc != nil {
			given = append(given, enc.EncounterID)
		}
	}
	return given
}
