package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Monitoring (prescribing.yaml monitoring): a medicine that needs a blood
// test while it runs (INR for warfarin) has it at the review that issues
// it, and at monitoring visits every every_days until the next review. The
// visits draw from a stream of their own (per patient and review day), so
// no other draw moves.

// monitorPlan is a resolved datasets.Monitoring.
type monitorPlan struct {
	slot        int
	also        []int // slots of the tests taken from the same sample
	slots       []int // slot and also: every test of the sample
	every       models.Date
	baseline    [2]float64    // mean and spread before the medicine acts (0: none)
	notOnStart  bool          // the test not taken on the start day, only the also tests (lithium)
	readIfTaken bool          // a test already recorded at the appointment is read, not taken again (DOACs)
	startDays   []models.Date // the first weeks' tests, days after the start
	lo, hi      float64       // the target range (hi 0: none)
	recheckDays [2]int
	response    *doseResponsePlan    // the start tests read for the medicine's effect (doseresponse.go)
	levelSteps  *datasets.LevelSteps // the dose moved by the level read (levelsteps.go)
}

// settleDays: a test within this many days of the start reads between the
// baseline and the treated level, in proportion (warfarin takes days to
// reach its effect; model).
const settleDays = 14

func (p *Plan) resolveMonitoring() error {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	p.repeats = rules.Repeats
	if err := p.resolveSlowHeart(rules); err != nil {
		return err
	}
	if err := p.resolveLowPressure(rules); err != nil { // lowpressure.go
		return err
	}
	if err := p.resolveSlowHeartWorkUp(rules); err != nil { // slowheartworkup.go
		return err
	}
	if err := p.resolveDoseCriteria(rules); err != nil { // dosecriteria.go
		return err
	}
	if err := p.resolveMaintenanceDose(rules); err != nil { // maintenancedose.go
		return err
	}
	for i, e := range rules.StateEffects {
		slot, ok := p.obsIndex[e.Observation]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("prescribing.yaml: state_effects: %q is not a numeric observation of the catalogue", e.Observation)
		}
		for key, mp := range p.medPlans {
			if e.AppliesTo(key) {
				mp.effects = append(mp.effects, obsEffect{obs: slot, delta: e.Delta, sus: e.Susceptible, id: i})
			}
		}
	}
	for _, m := range p.obsModels {
		if r := m; r != nil && r.RisesBelow != nil {
			if slot, ok := p.obsIndex[r.RisesBelow.Observation]; !ok || p.obsModels[slot] == nil {
				return fmt.Errorf("catalogue.yaml: rises_below: %q is not a numeric observation", r.RisesBelow.Observation)
			}
		}
	}
	for _, m := range rules.Monitoring {
		mp, ok := p.medPlans[m.Medicine]
		var also []int
		for _, key := range append([]string{m.Observation}, m.Also...) {
			slot, known := p.obsIndex[key]
			if !known || p.obsModels[slot] == nil {
				return fmt.Errorf("prescribing.yaml: monitoring of %s: %q is not a numeric observation of the catalogue", m.Medicine, key)
			}
			also = append(also, slot)
		}
		if ok {
			mon := &monitorPlan{slot: also[0], also: also[1:], slots: also, every: models.Date(m.EveryDays), baseline: m.Baseline, notOnStart: m.NotOnStartDay, readIfTaken: m.ReadIfTaken,
				lo: m.Range[0], hi: m.Range[1], recheckDays: m.RecheckDays, levelSteps: m.LevelSteps}
			for _, d := range m.StartDays {
				mon.startDays = append(mon.startDays, models.Date(d))
			}
			if r := m.Response; r != nil {
				slot, known := p.obsIndex[r.Observation]
				if !known || p.obsModels[slot] == nil {
					return fmt.Errorf("prescribing.yaml: monitoring of %s: response %q is not a numeric observation of the catalogue", m.Medicine, r.Observation)
				}
				mon.response = &doseResponsePlan{DoseResponse: r, slot: slot}
			}
			mp.monitor = mon
		}
	}
	if err := p.resolveInteractions(rules); err != nil { // interactions.go
		return err
	}
	if err := p.resolvePregnancyLevels(rules); err != nil { // pregnancylevels.go
		return err
	}
	if err := p.resolvePregnancyDoses(rules); err != nil { // pregnancydose.go
		return err
	}
	return p.resolveStartTests(rules) // starttests.go
}

// monitorUntil records the tests of the condition's running medicines at
// the review (encID at t) and at visits before the next review on day next:
// on the day the medicine starts, a baseline (an INR of about 1), then the
// first weeks' tests; afterwards every interval (give or take a week), and
// sooner after a result outside the target range (a dose change is checked
// in a week or two). A review of the condition due sooner, on day until (a
// dose step's follow-up), takes the tests from then on: the visits stop
// before it, those of an every-interval medicine two weeks before, as
// before the next review.
func (w *worker) monitorUntil(per *person, ci int, encID string, t models.Timestamp, until, next models.Date) {
	for k := range per.courses {
		cr := &per.courses[k]
		mp := cr.meds.monitor
		if mp == nil || cr.cond != ci || !cr.running(t.Date()) {
			continue
		}
		// A test needed only after a start (kidney function after an ACE
		// inhibitor) is not repeated at every review: the review reads it.
		afterStartOnly := mp.every == 0
		from := monitorFrom(per, cr, t.Date())
		if afterStartOnly && from != t.Date() && !startsAt(per, cr, t.Date()) {
			if _, ok := nextStartTest(mp.startDays, from, t.Date()); !ok {
				continue
			} // else a review (a follow-up) before a test of the start schedule: the test is booked on from it
		}
		s := per.stream(w.plan.Opts.Seed, purposeMonitoring, uint64(t.Date()))
		// a review before the record opened (inforce.go): its tests, and
		// those after it until the record opens, were taken but are not
		// written (taken as in range)
		before := t.Date() < per.firstDay
		var v float64
		if before {
			v = mp.lo
		}
		hc := &per.conds[ci]
		last := t.Date()
		if !before && !afterStartOnly {
			// A medicine started today has its start tests whatever is
			// booked later: a sample booked months ahead (another review's
			// visit) does not stand for the test 10 days after a re-challenge
			// (merge of stop 55: ramipril restarted after hyperkalaemia with
			// no potassium 7-21 days after, the tests going on from a
			// check-up three months on; TestRAASBlockerAfterHyperkalaemiaIsRechallengedOrExplained).
			ahead := max(until, t.Date()+1)
			if len(mp.startDays) > 0 && from == t.Date() {
				ahead = t.Date() + 1
			}
			if at, val, ok := w.sampleTaken(per, mp, t.Date()-recentTestDays, ahead); ok {
				// read at this review already, taken in the fortnight
				// before it, or booked after it by an earlier review's
				// visits (a review joined to another's appointment, held
				// before its own day): the tests go on from the last of
				// them, not beside them
				last, v = max(at, last), val
			} else { // started today: its first test
				v = w.monitorTest(per, cr, mp, encID, t.AddMinutes(2), &s)
				if nk, moved := w.stepByLevel(per, k, mp, encID, t.AddMinutes(2), v, from); moved {
					k, cr, from = nk, &per.courses[nk], t.Date() // the new dose's weekly levels follow (levelsteps.go)
				}
			}
		}
		for {
			d := last + mp.every + models.Date(s.IntN(15)-7)
			if since := last - from; len(mp.startDays) > 0 && since < mp.startDays[len(mp.startDays)-1] {
				if sd, ok := nextStartTest(mp.startDays, from, last); ok {
					d = sd
				} else if afterStartOnly {
					break
				} // else: the start schedule is done, the usual interval follows
			} else if afterStartOnly {
				break
			} else if mp.hi > 0 && (v < mp.lo || v > mp.hi) {
				r := mp.recheckDays
				d = last + models.Date(r[0]+s.IntN(r[1]-r[0]+1))
			}
			if d >= next-14 && !afterStartOnly && next-last > mp.every+7 {
				// the review comes too late to take the test in time: a
				// visit of its own, two weeks or so before it
				d = next - 15 - models.Date(s.IntN(8))
			}
			stop := until - 14
			if afterStartOnly { // the one test after a start is taken even just before a follow-up review
				stop = until
			}
			if d >= next-14 || d >= stop || d <= last || d > per.lastDay || !cr.running(d) || per.monitoringStops(d) {
				break
			}
			if d < per.firstDay {
				last = d
				continue
			}
			id, start, ok := w.gpVisitFor(per, d, encGPConsultation, contactMonitoringBloods, hc.id, &s) // a blood test about the condition, not its review
			if !ok {
				break
			}
			v = w.monitorTest(per, cr, mp, id, start.AddMinutes(5), &s)
			last = start.Date()
			if w.renalStop(per, k, v, last); !cr.running(last) {
				break // stopped on this result (or on a potassium taken with it): no more tests
			}
			if nk, raised := w.respondToDose(per, k, mp, id, start.AddMinutes(5), from); raised {
				k, cr, from = nk, &per.courses[nk], last // the new dose's own start tests follow (doseresponse.go)
			} else if nk, moved := w.stepByLevel(per, k, mp, id, start.AddMinutes(5), v, from); moved {
				k, cr, from = nk, &per.courses[nk], last // the new dose's weekly levels follow (levelsteps.go)
			}
		}
	}
}

// pendingMonitor is a review's monitoring (monitorUntil) not yet booked:
// its visits run until the condition's next review, which may be a
// follow-up the review has yet to book (a dose step's, three months on).
// Booked at once up to the next routine review, the visits of a
// titrated medicine ran on past the follow-up that stepped its dose up
// and started a schedule of its own: two schedules of methotrexate blood
// tests side by side, 499 ALT results 1-4 days after the one before among
// 120 people on methotrexate (generate -n 20000 -s 5; twelfth review).
type pendingMonitor struct {
	cond int
	enc  string // the review's encounter; "" when nothing is pending
	t    models.Timestamp
	next models.Date // the condition's next routine review
}

// bookMonitoring books the pending monitoring (the review just held) until
// the first of the later review events of its condition, or its next
// routine review when that comes first.
func (w *worker) bookMonitoring(per *person, later []reviewEvent) {
	m := w.monitorDue
	if m.enc == "" {
		return
	}
	w.monitorDue = pendingMonitor{}
	w.monitorUntil(per, m.cond, m.enc, m.t, untilReview(m.cond, m.next, later), m.next)
}

// untilReview is the day monitoring booked until condition ci's next
// routine review (next) ends: the first of the later review events of the
// condition, when it comes sooner.
func untilReview(ci int, next models.Date, later []reviewEvent) models.Date {
	for _, ev := range later { // in day order
		if ev.cond == ci && !ev.eol && !ev.specialist {
			return min(next, nextWorkingDay(ev.day))
		}
	}
	return next
}

// monitorAtReview takes, at a review of condition ci (encID at t), the
// tests of its medicines that need them at every interval (methotrexate's
// blood count and kidney function), before they are issued: for a medicine
// started at this review these are its baseline tests. A kidney function
// that rules the medicine out (eGFR below its renal stop) stops it today,
// before the issue.
func (w *worker) monitorAtReview(per *person, ci int, encID string, t models.Timestamp) {
	var s *distributions.Stream
	for k := range per.courses {
		cr := &per.courses[k]
		mp := cr.meds.monitor
		if mp == nil || cr.cond != ci || !cr.running(t.Date()) {
			continue
		}
		if mp.every == 0 && !startTestDueAt(mp.startDays, monitorFrom(per, cr, t.Date()), t.Date()) {
			continue // a test only after a start: taken at this review when one falls due about now
		}
		if _, _, ok := w.sampleTaken(per, mp, t.Date()-recentTestDays, t.Date()+1); ok {
			continue // taken in the fortnight before: read at the review, not repeated
		}
		if s == nil {
			st := per.stream(w.plan.Opts.Seed, purposeMonitorReview, uint64(t.Date()))
			s = &st
		}
		v := w.monitorTest(per, cr, mp, encID, t.AddMinutes(2), s)
		w.renalStop(per, k, v, t.Date())
		w.stepByLevel(per, k, mp, encID, t.AddMinutes(2), v, monitorFrom(per, cr, t.Date())) // levelsteps.go: before the review's issue
	}
}

// renalStop stops, on day d, each running medicine monitored by eGFR whose
// renal stop (methotrexate below 30: BNF) the monitoring result v of course
// k is below, when that result is an eGFR: at a review or at a test between
// reviews, its own or another medicine's (the eGFR taken 10 days after an
// ACE inhibitor's dose step stops methotrexate too), with its companion
// (folic acid).
func (w *worker) renalStop(per *person, k int, v float64, d models.Date) {
	if m := per.courses[k].meds.monitor; m == nil || m.slot != w.plan.slots.egfr {
		return
	}
	w.renalStopOn(per, v, d)
}

// renalStopOn stops, on day d, each running medicine monitored by eGFR
// whose renal stop an eGFR of v on that day is below, with its companion.
func (w *worker) renalStopOn(per *person, v float64, d models.Date) {
	egfr := w.plan.slots.egfr
	for i := range per.courses {
		cr := &per.courses[i]
		r := cr.meds.renal
		if r == nil || cr.meds.monitor == nil || cr.meds.monitor.slot != egfr || v >= r.StopBelow || cr.forced || !cr.running(d) {
			continue
		}
		w.stopCourse(per, i, d)
		w.stopCompanions(per, d)
	}
}

// stopCompanions stops, on day d, each running companion no medicine
// running calls for any longer (folic acid once methotrexate stops).
//
// A result read at a contact written after the reviews that followed it
// (a tiredness blood count) stops a medicine retroactively. When that
// medicine was already started again after d (a later dose step or
// restart), the companion is paused rather than stopped: its issues from d
// to the restart are withdrawn where the medicine's are, and those from
// the restart kept. Before, the
// companion was stopped and its latest issue withdrawn, so methotrexate ran
// on for a year with no folic acid (audit methotrexate-without-folic-acid,
// generate -n 5000 -s 31).
func (w *worker) stopCompanions(per *person, d models.Date) {
	for j := range per.courses {
		c := &per.courses[j]
		if c.companionOf == nil || !c.running(d) || w.companionDue(per, c, d) {
			continue
		}
		if again := w.companionResumes(per, c, d); again != models.NoDate {
			w.pauseIssues(per, c, d, again)
			continue
		}
		w.stopCourse(per, j, max(d, c.start+1))
	}
}

// companionResumes is the first day after d on which a course of the
// medicine companion c comes with is already written to start, or
// models.NoDate.
func (w *worker) companionResumes(per *person, c *course, d models.Date) models.Date {
	again := models.NoDate
	for k := range per.courses {
		if o := &per.courses[k]; o.meds == c.companionOf && o.start > d && (again == models.NoDate || o.start < again) {
			again = o.start
		}
	}
	return again
}

// pauseIssues withdraws companion c's issues that start on day from or
// later but before day to, and ends the one running on day from the day
// before, each only where no live issue of the medicine it comes with runs
// on that day: the companion follows what the record shows of its medicine
// (stopCourse withdraws only a course's latest issue).
func (w *worker) pauseIssues(per *person, c *course, from, to models.Date) {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || w.rxPlan(rx) != c.meds {
			continue
		}
		switch {
		case rx.StartDate >= from && rx.StartDate < to && !w.liveIssueOn(per, c.companionOf, rx.StartDate):
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		case rx.StartDate < from && (rx.EndDate == models.NoDate || rx.EndDate >= from) && !w.liveIssueOn(per, c.companionOf, from):
			rx.EndDate = from - 1
		}
	}
	w.issueBesideRestart(per, c, to)
}

// issueBesideRestart writes companion c's issue beside the live issue of
// its medicine that starts on day to (the restart), for the same visit,
// problem and days, when none of the companion's runs that day: the one
// that covered the restart may have begun inside the pause and been
// withdrawn with it (methotrexate restarted at 15 mg with no folic acid,
// generate -n 30000 -s 73).
func (w *worker) issueBesideRestart(per *person, c *course, to models.Date) {
	if w.liveIssueOn(per, c.meds, to) {
		return
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || rx.StartDate != to || w.rxPlan(&rx) != c.companionOf {
			continue
		}
		rx.PrescriptionID = w.ids.rowID(tagPrescription)
		rx.DMDCode, rx.Medication, rx.DoseText = c.reg.DMDCode, c.reg.Name, c.reg.DoseText
		w.b.Prescriptions = append(w.b.Prescriptions, rx)
		c.lastRx = len(w.b.Prescriptions) - 1
		return
	}
}

// liveIssueOn reports whether an issue of medicine m, not withdrawn, runs
// on day d.
func (w *worker) liveIssueOn(per *person, m *medPlan, d models.Date) bool {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if !rx.PrescriptionID.IsZero() && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) && w.rxPlan(rx) == m {
			return true
		}
	}
	return false
}

// monitorFrom is the day a medicine's start tests count from: its start,
// or its first issue in the record on day d when it was begun (backdated to
// a planned day) inside the record or less than establishedDays before, as
// the record shows it starting there.
func monitorFrom(per *person, cr *course, d models.Date) models.Date {
	if cr.issued == d && cr.start < d && (cr.start >= per.firstDay || d-cr.start < establishedDays) {
		return d
	}
	return cr.start
}

// startTestDueAt reports whether a test of the start schedule (days after
// the start on day from) falls due about day d, so that a review of the
// condition on d takes it: from half its interval before it (the half
// nextStartTest passes over) to four weeks after. A follow-up review held
// just before the 3-month lipids and ALT of a statin cut the visit booked
// for them, and did not take them (nineteenth review: 21% of statin starts
// had no ALT in the 4 months after).
func startTestDueAt(days []models.Date, from, d models.Date) bool {
	prev := models.Date(0)
	for _, sd := range days {
		if due := from + sd; 2*(due-d) < sd-prev && d <= due+28 {
			return true
		}
		prev = sd
	}
	return false
}

// nextStartTest is the day of the start schedule's next test after the test
// on day last (days after the start on day from): its first day after last,
// passed over when it comes less than half its interval after last. A
// review between two of the schedule's days took the sample: the next day
// of the schedule a day or two after it was a second sample for nothing
// (twelfth review).
func nextStartTest(days []models.Date, from, last models.Date) (models.Date, bool) {
	prev := models.Date(0)
	for _, sd := range days {
		if d := from + sd; d > last && 2*(d-last) >= sd-prev {
			return d, true
		}
		prev = sd
	}
	return 0, false
}

// monitorTest records one test of course cr at t and returns its value: the
// baseline on the day the medicine starts, then the treated level, reached
// in proportion over the first settleDays.
func (w *worker) monitorTest(per *person, cr *course, mp *monitorPlan, encID string, t models.Timestamp, s *distributions.Stream) float64 {
	for _, slot := range mp.also { // the rest of the sample's tests (potassium with an eGFR)
		if (mp.notOnStart || mp.readIfTaken) && w.takenAt(per, encID, slot) {
			continue // lithium's start: its pre-start bloods were taken at this appointment (stop 56 merge: written twice)
		}
		w.observeOnce(per, encID, t, slot, s)
	}
	if mp.readIfTaken {
		if v, ok := w.readAt(per, encID, mp.slot); ok {
			return v // the start's own sample (start_tests)
		}
	}
	if mp.notOnStart && (t.Date() == cr.start || startsAt(per, cr, t.Date())) {
		return mp.lo // nothing to measure before the first dose: taken as in range
	}
	if v, ok := w.readAt(per, encID, mp.slot); ok {
		// the review that starts it read it already (a diabetes review's
		// eGFR where ramipril starts for albuminuria; h57c): not twice
		return v
	}
	if mp.baseline[0] == 0 || t.Date()-cr.start >= settleDays {
		n := len(w.b.Observations)
		w.observeOnce(per, encID, t, mp.slot, s) // once: a review held with it may have taken it
		// the first written is the test's own: a cholesterol's lipid profile follows it (lipidpanel.go)
		if len(w.b.Observations) > n && w.b.Observations[n].Value != nil {
			w.scaleLevel(per, cr, mp, n, t) // a lithium level by the dose (levelsteps.go)
			return *w.b.Observations[n].Value
		}
		// Taken already at this appointment (a review joined to another that
		// read it): that reading. Reading it as mp.lo (0 for an eGFR) stopped
		// methotrexate as if below its renal limit (ninth review).
		if v, ok := w.readAt(per, encID, mp.slot); ok {
			return v
		}
		return mp.lo // not recorded: taken as in range
	}
	base := mp.baseline[0] + mp.baseline[1]*s.Normal()
	v := base + (w.numericValue(per, mp.slot, t, s)-base)*float64(t.Date()-cr.start)/settleDays
	o := w.observation(per, encID, t, &w.plan.obsCodes[mp.slot])
	o.Value, o.Unit = w.value(math.Round(v*10)/10), w.plan.obsCodes[mp.slot].Unit
	w.b.Observations = append(w.b.Observations, o)
	return v
}

// recentTestDays: a monitoring sample taken this many days before a review
// is read at it, not taken again (the visits between reviews keep as far
// clear of the next review: monitorUntil). Before this a review often
// repeated a sample taken 1-4 days earlier (twelfth review).
const recentTestDays = 14

// sampleTaken reports the day and main value of the latest sample of mp's
// tests taken before day before, when every test of it (an eGFR with the
// white cell count and ALT) was taken on or after day from: an eGFR read
// alone at another condition's review is no methotrexate sample. Readings
// from before on are left out: a later-dated one may have been written
// first (the blood tests after an acute kidney injury, dischargebloods.go).
func (w *worker) sampleTaken(per *person, mp *monitorPlan, from, before models.Date) (models.Date, float64, bool) {
	at, v, ok := w.latestReading(per, mp.slot, before)
	if !ok || at < from {
		return 0, 0, false
	}
	for _, slot := range mp.also {
		d, _, ok := w.latestReading(per, slot, before)
		if !ok || d < from {
			return 0, 0, false
		}
		// the whole sample is no later than its earliest part: an eGFR
		// of another medicine's later test (a yearly U&E, a statin's
		// baseline; nineteenth review) is no methotrexate sample, and
		// read as one it moved the next blood count months on
		at = min(at, d)
	}
	return at, v, true
}

// readAt is the reading of slot recorded at encounter encID, searched among
// the patient's observations written so far (the batch's last rows).
func (w *worker) readAt(per *person, encID string, slot int) (float64, bool) {
	code := w.plan.obsCodes[slot].Snomed
	for i := len(w.b.Observations) - 1; i >= 0 && w.b.Observations[i].PatientID == per.id; i-- {
		if o := &w.b.Observations[i]; sameRowID(o.EncounterID, encID) && o.SnomedCode == code && o.Value != nil {
			return *o.Value, true
		}
	}
	return 0, false
}

// renalStopsAhead stops a medicine monitored by eGFR on the day of a result
// below its renal stop already in the record within an issue the review on
// day d has just written. Results are written out of time order: the eGFR
// at the practice after an acute kidney injury (dischargebloods.go) is
// written before the care that issues the medicines, so no course ran
// when it was recorded, and an issue written later ran through it
// (fourteenth review: methotrexate issued for three months through an
// eGFR of 26, found when the heart failure work shifted the draws).
func (w *worker) renalStopsAhead(per *person, d models.Date) {
	for k := range per.courses {
		cr := &per.courses[k]
		r := cr.meds.renal
		if r == nil || cr.meds.monitor == nil || cr.meds.monitor.slot != w.plan.slots.egfr || cr.forced || !cr.running(d) || cr.lastRx < 0 {
			continue
		}
		end := w.b.Prescriptions[cr.lastRx].EndDate
		if end == models.NoDate {
			end = per.lastDay
		}
		at, v := models.NoDate, 0.0
		for _, e := range per.egfrSeen {
			if e.day > d && e.day <= end && e.value < r.StopBelow && (at == models.NoDate || e.day < at) {
				at, v = e.day, e.value
			}
		}
		if at != models.NoDate {
			w.renalStopOn(per, v, at)
		}
	}
}
