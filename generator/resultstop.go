package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A result that stops medicines (prescribing.yaml result_stops): a serum
// potassium of 6.0 or more, at a review or at a test between reviews,
// stops ACE inhibitors, ARBs and spironolactone that day; they are not
// started or issued again until a later potassium is below 6.0. The test is
// repeated within days, and at 6.5 or more the patient is sent to hospital
// the same day. A rule may act below a level instead (forty-sixth session:
// a white cell count under 3.5 or platelets under 140 withhold methotrexate,
// repeated with its monitoring bloods, rechallenge.go restarting it once
// recovered). The actions draw from a stream of their own (per patient and
// day), so nothing else moves.

// resultStopPlan is a resolved datasets.ResultStop.
type resultStopPlan struct {
	datasets.ResultStop
	slot  int
	with  []int                      // the slots of RecheckWith
	tests []datasets.ObservationCode // RecheckTests: recorded alone, their findings by testresults.go
}

// slotReading is one result of an observation a prescriber acts on.
type slotReading struct {
	slot  int
	day   models.Date
	value float64
}

func (p *Plan) resolveResultStops() error {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	p.stopOf = make([]*resultStopPlan, len(p.obsKeys))
	for i := range rules.ResultStops {
		r := rules.ResultStops[i]
		slot, ok := p.obsIndex[r.Observation]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("prescribing.yaml: result_stops: %q is not a numeric observation of the catalogue", r.Observation)
		}
		if p.stopOf[slot] != nil {
			return fmt.Errorf("prescribing.yaml: result_stops: %q is named twice", r.Observation)
		}
		rs := &resultStopPlan{ResultStop: r, slot: slot}
		for _, k := range r.RecheckWith {
			ws, ok := p.obsIndex[k]
			if !ok || p.obsModels[ws] == nil {
				return fmt.Errorf("prescribing.yaml: result_stops of %q: recheck_with %q is not a numeric observation of the catalogue", r.Observation, k)
			}
			rs.with = append(rs.with, ws)
		}
		for _, k := range r.RecheckTests {
			code, _ := datasets.ObservationByKey(k) // checked by the datasets
			rs.tests = append(rs.tests, code)
		}
		p.stopOf[slot] = rs
		for key, mp := range p.medPlans {
			if r.AppliesTo(key) {
				mp.stops = append(mp.stops, rs)
			}
			if r.LimitsStart(key) {
				mp.startLimit = append(mp.startLimit, rs)
			}
		}
	}
	return nil
}

// stoppedByResult reports whether the latest result on or before day d of
// an observation that stops the medicine acts (datasets.ResultStop.Acts).
func stoppedByResult(per *person, m *medPlan, d models.Date) bool {
	for _, rs := range m.stops {
		if v, ok := latestResult(per, rs.slot, d); ok && rs.Acts(v) {
			return true
		}
	}
	return false
}

// nextStopResult is the day of the earliest result of rs's observation
// after day d already written that acts (ok false: none).
func nextStopResult(per *person, rs *resultStopPlan, d models.Date) (models.Date, bool) {
	at := models.NoDate
	for _, r := range per.stopSeen {
		if r.slot == rs.slot && r.day > d && rs.Acts(r.value) && (at == models.NoDate || r.day < at) {
			at = r.day
		}
	}
	return at, at != models.NoDate
}

// startBarredByResult reports whether the latest result before day d of an
// observation that limits the medicine's start is above its start_above:
// spironolactone is not started at a potassium above 5.0, though a running
// course goes on to 6.0 (seventeenth review). The blood taken at the visit
// that starts it is its baseline, drawn after the decision, and agrees with
// it (startedCeiling, h59a).
func startBarredByResult(per *person, m *medPlan, d models.Date) bool {
	for _, rs := range m.startLimit {
		if rs.barsStart(per, d) {
			return true
		}
	}
	return false
}

// barsStart reports whether the latest result before day d, or one of
// day d already written (the review's own sample, taken before it
// decides), is above the rule's start_above. Both are read (h60a): the day
// before's is the pretreatment result the audit judges a start on
// (raas-blocker-started-above-potassium-5), the day's own the one the GP
// has in hand (raas-blocker-started-on-same-day-potassium-above-5: 44 of
// 1,581 starts on generate -n 20000 -s 83 read only the days before).
func (rs *resultStopPlan) barsStart(per *person, d models.Date) bool {
	if v, ok := latestResult(per, rs.slot, d-1); ok && v > rs.StartAbove {
		return true
	}
	return highestOnDay(per, rs.slot, d) > rs.StartAbove
}

// highestOnDay is the highest result of the slot written for day d (0:
// none).
func highestOnDay(per *person, slot int, d models.Date) float64 {
	v := 0.0
	for _, r := range per.stopSeen {
		if r.slot == slot && r.day == d && r.value > v {
			v = r.value
		}
	}
	return v
}

// raiseBarredByResult reports whether the latest result on or before day
// d of an observation that limits the medicine's start is above its
// start_above: the BNF and NICE NG203 do not increase an ACE inhibitor, ARB
// or MRA at a potassium above 5.0 either. A result of day d already written
// is the review's own sample, taken before it decides (h59a: a heart
// failure or CKD follow-up raised ramipril beside its own potassium of
// 5.1-5.7; 217 of 2,168 increases on generate -n 20000 -s 83).
func raiseBarredByResult(per *person, m *medPlan, d models.Date) bool {
	for _, rs := range m.startLimit {
		if v, ok := latestResult(per, rs.slot, d); ok && v > rs.StartAbove {
			return true
		}
	}
	return false
}

// latestResult is the latest result of the slot on or before day d in the
// record. Results are written out of time order (a review's tests between
// reviews come before a later review of another condition), so every one
// is searched.
func latestResult(per *person, slot int, d models.Date) (float64, bool) {
	at, v := models.NoDate, 0.0
	for _, r := range per.stopSeen {
		if r.slot == slot && r.day <= d && (at == models.NoDate || r.day >= at) {
			at, v = r.day, r.value
		}
	}
	return v, at != models.NoDate
}

// resultCeiling keeps a reading of a person whose scenario forces a
// medicine the result would stop below the stop threshold (a reading that
// crosses is mirrored below it), as a forced drug's renal limit keeps the
// eGFR above it; and, on a day d nothing covers the forced medicine, at
// most the level that bars its start (start_above), so that the start the
// scenario asks for is not made against a result the rule forbids
// (twenty-sixth review: forced ramipril started at a CKD diagnosis five
// weeks after a potassium of 5.1, audit raas-blocker-started-above-potassium-5).
func (w *worker) resultCeiling(per *person, slot int, v float64, d models.Date) float64 {
	rs := w.plan.stopOf[slot]
	if rs == nil || per.cohort == nil || rs.Below > 0 {
		return v // a rule acting on a low result stops no forced course (actOnResult)
	}
	lim, capped := 0.0, false
	for _, fd := range per.cohort.drugs {
		m := w.plan.medPlans[fd.med.Key]
		if m == nil {
			continue
		}
		if slices.Contains(m.stops, rs) {
			if l := rs.AtLeast - 1/w.plan.obsScale[slot]; !capped || l < lim {
				lim, capped = l, true
			}
		}
		if rs.StartAbove > 0 && slices.Contains(m.startLimit, rs) && w.covered(per, m, d) < 0 && (!capped || rs.StartAbove < lim) {
			lim, capped = rs.StartAbove, true
		}
	}
	if capped && v > lim {
		return lim - (v - lim)
	}
	return v
}

// actOnResult responds to a result v of rs's observation recorded at
// encounter encID at t: it is kept for later prescribing; at the threshold
// or above, the rule's problem is coded (Hyperkalaemia), the medicines it
// stops stop today, and the test is repeated within days or, at
// hospital_at or more, the patient goes to hospital the same day.
func (w *worker) actOnResult(per *person, rs *resultStopPlan, encID string, t models.Timestamp, v float64) {
	d := t.Date()
	per.stopSeen = append(per.stopSeen, slotReading{slot: rs.slot, day: d, value: v})
	if w.aeRepeating {
		return // A&E's own repeat: acted on there (aeRepeat)
	}
	if rs.MildAt > 0 && v >= rs.MildAt && v < rs.AtLeast {
		w.lowerOnMild(per, rs, encID, d) // mildlower.go: spironolactone halved
		w.mildRecheck(per, rs, encID, d)
		return
	}
	if !rs.Acts(v) {
		return
	}
	// coded on its day whatever it stops (tenth review); the A&E attendance
	// is about it
	problem := w.codeResultProblem(per, rs.Problem, encID, d)
	reason := w.reasonOf(per, encID)
	stopped := false
	for k := range per.courses {
		c := &per.courses[k]
		if c.running(d) && !c.forced && slices.Contains(c.meds.stops, rs) {
			if reason == "" {
				reason = per.conds[c.cond].id
			}
			c.stoppedFor = rs       // settled at a later review (rechallenge.go)
			w.stopCourse(per, k, d) // issued today: withdrawn
			w.stopCompanions(per, d)
			w.bookRecheck(per, rs, c.cond, d)
			stopped = true
		}
	}
	if rs.Problem != nil {
		// a problem the record's contraindications name bars its classes
		// from today (hyponatraemia: thiazides and SSRIs, h68g)
		w.noteRecordedContraindication(per, rs.Problem.Snomed, d)
	}
	if rs.HospitalBelow > 0 && v < rs.HospitalBelow {
		// a sodium under 125: assessed in hospital the same day, whatever
		// it stopped (h68g)
		if problem != "" {
			reason = problem
		}
		if reason != "" {
			s := per.stream(w.plan.Opts.Seed, purposeResultStop, uint64(d))
			w.sameDayAssessment(per, reason, t, &s)
		}
		return
	}
	if rs.Below > 0 && (!stopped || rs.RecheckDays == [2]int{}) {
		// a low count repeated only for what it withholds (methotrexate),
		// and by the rechallenge's booking when it has one
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeResultStop, uint64(d))
	if rs.HospitalAt > 0 && v >= rs.HospitalAt {
		if problem != "" { // A&E sees the hyperkalaemia
			reason = problem
		}
		if reason != "" {
			if id, at := w.sameDayAssessment(per, reason, t, &s); id != "" {
				w.resultStopTests(per, rs, id, at) // A&E's ECG (h69e)
				w.aeRepeat(per, rs, id, at, v)
				w.resultAdmit(per, rs, id, reason, v) // treated and monitored (resultadmit.go)
			}
		}
		return
	}
	// 6.0-6.4 (h70a): the ECG on the result's day, at the contact that
	// took it (the model reads a result at its sample); a repeat's is
	// taken at the A&E attendance it sends the patient to, below
	if !w.rechecking && encID != "" {
		w.resultStopTests(per, rs, encID, t.AddMinutes(10))
	}
	// A repeat still high (the next day's, or the re-challenge's weeks
	// later), the medicines withheld since the first result, is not
	// repeated again: the patient is seen in hospital the same day
	// (repeat_hospital; before h64b the next review read it, weeks later).
	if w.rechecking {
		if rs.RepeatHospital && (problem != "" || reason != "") {
			if problem != "" {
				reason = problem
			}
			if id, at := w.sameDayAssessment(per, reason, t, &s); id != "" {
				w.resultStopTests(per, rs, id, at) // A&E's ECG on the day (h70a)
				w.aeRepeat(per, rs, id, at, v)
				w.resultAdmit(per, rs, id, reason, v) // 6.5 or more still (resultadmit.go)
			}
		}
		return
	}
	// The repeat test is a check-up about the condition under review (a
	// check-up is about a long-term condition, not an acute problem).
	if reason == "" {
		return
	}
	w.recheck(per, rs, reason, d+models.Date(between(rs.RecheckDays, &s)), &w.rechecking, false, &s) // the ECG taken above
}

// aeRepeat records A&E's repeat of rs's test at the attendance id, 30
// minutes after at, on a stream of its own: a potassium sent in (6.5 or
// more, or a repeat still 6.0 or more) is confirmed on a fresh sample
// before it is treated (UK Kidney Association
// 2020; h69e's note: A&E recorded none). The repeat is A&E's: it sends
// nobody anywhere and stops nothing more (w.aeRepeating).
func (w *worker) aeRepeat(per *person, rs *resultStopPlan, id string, at models.Timestamp, v float64) {
	if rs.AERepeatSD <= 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeAEPotassiumRepeat, uint64(at.Date()))
	n := len(w.b.Observations)
	w.aeRepeating = true
	w.observe(per, id, at.AddMinutes(30), rs.slot, &s)
	w.repeatPanel(per, id, at.AddMinutes(30), rs.slot, &s) // its sodium, when the attendance held a U&E already
	w.aeRepeating = false
	for i := n; i < len(w.b.Observations); i++ { // the repeat (after any companions of its sample)
		if o := &w.b.Observations[i]; o.SnomedCode == w.plan.obsCodes[rs.slot].Snomed && o.Value != nil {
			scale := w.plan.obsScale[rs.slot]
			*o.Value = math.Round((v+s.Normal()*rs.AERepeatSD)*scale) / scale // the same hyperkalaemia, hours on
			per.lastSeen(rs.slot).value = *o.Value
		}
	}
}

// lastSeen is the latest reading of slot among the results the rules have
// seen (stopSeen). Not simply the last entry: a repeat's panel (its sodium,
// repeatPanel) is seen after it.
func (per *person) lastSeen(slot int) *slotReading {
	for i := len(per.stopSeen) - 1; i >= 0; i-- {
		if per.stopSeen[i].slot == slot {
			return &per.stopSeen[i]
		}
	}
	panic("generator: no reading of the slot seen") // the caller has just observed one
}

// recheck repeats rs's test at a check-up about reason on day (or the next
// free one), unless that is past the record or in end-of-life care; while
// the repeat is recorded *during is set, so that it is not repeated again.
// With tests, the rule's recheck tests are recorded there too (the ECG at
// the urgent repeat of a potassium of 6.0-6.4, h69e).
func (w *worker) recheck(per *person, rs *resultStopPlan, reason string, day models.Date, during *bool, tests bool, s *distributions.Stream) {
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	id, start, ok := w.gpVisit(per, day, encGPConsultation, reason, s)
	if !ok {
		return
	}
	*during = true
	for _, slot := range rs.with { // the rest of the sample (methotrexate's monitoring bloods)
		w.observe(per, id, start.AddMinutes(5), slot, s)
	}
	w.observe(per, id, start.AddMinutes(5), rs.slot, s)
	*during = false
	if tests {
		w.resultStopTests(per, rs, id, start.AddMinutes(6))
	}
}

// resultStopTests records rs's recheck tests at encounter id at t: codes alone,
// no draw, their findings written by testresults.go with every test's. A
// GP review (h69e) found no ECG at any potassium of 6.0 or more (0 of 143
// at 6.0-6.4 within 2 days, generate -n 20000 -s 83).
func (w *worker) resultStopTests(per *person, rs *resultStopPlan, id string, t models.Timestamp) {
	for k := range rs.tests {
		if !w.codeTakenAt(per, id, rs.tests[k].Snomed) {
			w.b.Observations = append(w.b.Observations, w.observation(per, id, t, &rs.tests[k]))
		}
	}
}

// mildRecheck repeats a mildly raised result (rs.MildAt or more, below
// the level that stops medicines) within the rule's mild recheck days, at a
// check-up about the encounter's condition or else about a condition whose
// medicine the rule would stop; nothing stops. A mild repeat is not
// repeated again here (the next review reads it); a repeat of 6.0 or more
// acts as any does.
func (w *worker) mildRecheck(per *person, rs *resultStopPlan, encID string, d models.Date) {
	if w.rechecking || w.mildRechecking {
		return
	}
	// a check-up is about a long-term condition, not an acute problem (an
	// AKI): the encounter's condition when it is one held, else one whose
	// medicine the rule would stop
	reason := ""
	if r := w.reasonOf(per, encID); heldRow(per, r) >= 0 {
		reason = r
	}
	for k := 0; reason == "" && k < len(per.courses); k++ {
		if c := &per.courses[k]; c.running(d) && slices.Contains(c.meds.stops, rs) {
			reason = per.conds[c.cond].id
		}
	}
	if reason == "" {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeResultStop, uint64(d))
	// a mild repeat is not repeated again; a moderate one is acted on
	w.recheck(per, rs, reason, d+models.Date(between(rs.MildRecheckDays, &s)), &w.mildRechecking, false, &s)
}

// reasonOf is the reason (a condition id) of the person's encounter encID,
// "" when it has none or is not found.
func (w *worker) reasonOf(per *person, encID string) string {
	for i := len(w.b.Encounters) - 1; i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if w.b.Encounters[i].EncounterID == encID {
			return w.b.Encounters[i].ReasonConditionID
		}
	}
	return ""
}

// sameDayAssessment sends the patient to hospital for assessment on the day
// of a result (after): an A&E attendance a few hours later, not overlapping
// a stay, within the record. It returns the attendance's id ("" when none
// fits) and the time its tests are taken.
func (w *worker) sameDayAssessment(per *person, reason string, after models.Timestamp, s *distributions.Stream) (string, models.Timestamp) {
	start := after.AddMinutes(180 + s.IntN(240))
	end := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
	if end <= start || end.Date() > per.lastDay || !addStay(per, start, end) {
		return "", 0
	}
	per.stays = per.stays[:len(per.stays)-1] // seen and sent home: not a stay
	return w.addEncounter(per, encAE, settingAE, start, end, reason, ""), min(start.AddMinutes(10), end)
}

// codeResultProblem codes a result's acute problem (Hyperkalaemia, iron
// deficiency anaemia) on day d at encounter encID, as a row resolved
// pr.Days later, unless an episode of it coded within that many days
// already covers the result (a repeat still high); it returns the episode's
// condition id ("" when pr is nil: the rule codes none).
func (w *worker) codeResultProblem(per *person, pr *datasets.ResultProblem, encID string, d models.Date) string {
	if pr == nil {
		return ""
	}
	days := models.Date(pr.Days)
	for i := len(w.b.Conditions) - 1; i >= 0 && w.b.Conditions[i].PatientID == per.id && encID != ""; i-- {
		if c := &w.b.Conditions[i]; c.SnomedCode == pr.Snomed && c.DiagnosisEncounterID == encID {
			// the contact's own row of the same code (a referral's iron
			// deficiency anaemia): no second row, and it lasts as the
			// answered result's episode does (its treatment and repeat)
			if r := per.resolvedAfter(d, days); c.ResolvedDate != models.NoDate && (r == models.NoDate || r > c.ResolvedDate) {
				c.ResolvedDate = r
			}
			return c.ConditionID
		}
	}
	for i := len(w.b.Conditions) - 1; i >= 0 && w.b.Conditions[i].PatientID == per.id; i-- {
		if c := &w.b.Conditions[i]; c.ConditionKey == pr.Key && c.OnsetDate > d-days && c.OnsetDate < d+days {
			// results are written out of time order: an episode coded at a
			// later test, written first, begins with this result (twelfth
			// review: a potassium of 6.2 at a titration review with none
			// active, the episode coded five days later)
			if c.OnsetDate > d {
				c.OnsetDate, c.DiagnosisEncounterID = d, encID
			}
			// and it lasts as this result's episode would (its treatment
			// and repeat): a low count two months into an anaemia coded
			// from heavy periods started iron and a repeat count that came
			// after the row had resolved (forty-eighth session, merged)
			if r := per.resolvedAfter(d, days); c.ResolvedDate != models.NoDate && (r == models.NoDate || r > c.ResolvedDate) {
				c.ResolvedDate = r
			}
			return c.ConditionID
		}
		if c := &w.b.Conditions[i]; c.SnomedCode == pr.Snomed && c.ConditionKey != pr.Key && c.OnsetDate > d-days && c.OnsetDate <= d {
			// a referral's row of the same code (its iron deficiency
			// anaemia) whose repeat count is still low (forty-eighth
			// session: the deficiency is a state, and iron takes weeks):
			// the same episode, open until the result's own would end
			if r := per.resolvedAfter(d, days); c.ResolvedDate != models.NoDate && (r == models.NoDate || r > c.ResolvedDate) {
				c.ResolvedDate = r
			}
			return c.ConditionID
		}
	}
	resolved := per.resolvedAfter(d, days)
	id := w.ids.row(tagCondition)
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id, ConditionKey: pr.Key,
		SnomedCode: pr.Snomed, ICD10Code: pr.ICD10, Description: pr.Description, OnsetDate: d, ResolvedDate: resolved,
		DiagnosisEncounterID: encID})
	return id
}
