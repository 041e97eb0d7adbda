package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// stoppedIssue is a repeat that stopForPregnancy ended at the visit that
// confirmed a pregnancy: its row and the end it had (NoDate: open).
type stoppedIssue struct {
	rx  int
	end models.Date
}

// pregnancyRestart is prescribing.yaml pregnancy's restart resolved: the
// medicines held while breastfeeding, and for how long after a birth.
type pregnancyRestart struct {
	held          map[*medPlan]bool
	breastfeeding models.Date
}

// buildRestart resolves the restart rule; none when it is off.
func (p *Plan) buildRestart(pp *pregnancyPlan, r *datasets.Prescribing) error {
	if !r.Pregnancy.Restart {
		return nil
	}
	hb := r.Pregnancy.HeldWhileBreastfeeding
	rs := &pregnancyRestart{held: map[*medPlan]bool{}, breastfeeding: models.Date(r.Pregnancy.BreastfeedingDays)}
	for _, m := range p.medPlans {
		if slices.ContainsFunc(hb.Classes, m.inClass) || slices.Contains(hb.Medicines, m.med.Key) {
			rs.held[m] = true
		}
	}
	for _, key := range hb.Medicines {
		if p.medPlans[key] == nil {
			return fmt.Errorf("prescribing.yaml pregnancy: held_while_breastfeeding %q has no prescribable medicine", key)
		}
	}
	pp.restart = rs
	return nil
}

// restartAfterPregnancy issues again, after the woman's i-th pregnancy, the
// repeats stopped for it whose course would have gone on (prescribing.yaml
// pregnancy restart): at the postnatal check (encounter check) after a birth,
// or 6-8 weeks after a loss, at a GP visit about the medicine's condition;
// those held while breastfeeding (statins, methotrexate and its folic acid)
// breastfeeding days after a birth. Each only where every prescribing rule
// allows it that day, its condition is still open and nothing restarted it
// already; a medicine issued only beside another (folic acid beside
// methotrexate: also_stop) only when that one restarts the same day. Its
// own stream (the visits' times), so that no other draw moves.
func (w *worker) restartAfterPregnancy(per *person, i int, stopped []stoppedIssue, check string) {
	rs := w.plan.pregnancy.restart
	if rs == nil || len(stopped) == 0 {
		return
	}
	pg := &per.pregnancies[i]
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 1)
	checkDay := models.NoDate
	if e := w.encounterByID(per, check); e != nil {
		checkDay = e.StartTime.Date()
	}
	visits := map[models.Date]string{} // the GP visit booked for a day's restarts
	restarted := map[models.Date]bool{}
	var reissued []restartIssue // the issues a medicine's restart was issued again at (continueRestart)
	for pass := range 2 {       // the medicines first, then those issued only beside them
		for _, st := range stopped {
			old := w.b.Prescriptions[st.rx]
			m := w.rxPlan(&old)
			if m == nil || old.Type != models.PrescriptionRepeat || (pass == 0) != m.notInPregnancy {
				continue
			}
			day, enc := pg.resume, ""
			switch {
			case !pg.loss && rs.held[m]:
				day = pg.end + rs.breastfeeding
			case !pg.loss && checkDay != models.NoDate:
				day, enc = checkDay, check
			}
			if pass == 1 && !restarted[day] {
				continue
			}
			reg, ok := datasets.RegimenByDMD(old.DMDCode)
			if !ok || !w.mayRestart(per, m, &old, pg, day) || w.issuedWithin(per, m, day, restartLeadDays) {
				continue
			}
			reg.Name, reg.DoseText = old.Medication, old.DoseText // as it was taken (an NSAID at a migraine's start)
			if enc == "" {
				enc = visits[day]
			}
			if enc == "" { // a GP visit about the medicine's condition, on the day or the next free one
				sl, ok := w.bookGP(per, day, encGPConsultation, contactGPConsultation, &s)
				if !ok || sl.start.Date() != day && !w.mayRestart(per, m, &old, pg, sl.start.Date()) {
					continue // booked and not written: the day stays taken, as a background slot's
				}
				w.writeGP(per, &sl, old.ConditionID)
				enc, visits[day] = sl.id, sl.id
			}
			// a repeat period as long as the stopped one's (a year between
			// reviews), open when it was or when it runs past the last day
			on, end := w.encounterByID(per, enc).StartTime.Date(), models.NoDate
			if st.end != models.NoDate && on+(st.end-old.StartDate) <= per.lastDay {
				end = on + (st.end - old.StartDate)
			}
			end = w.untilTakenOver(per, m, on, end)
			w.issue(per, enc, old.ConditionID, &reg, on, end, models.PrescriptionRepeat)
			if w.restartClashes(per, m, len(w.b.Prescriptions)-1) {
				w.b.Prescriptions[len(w.b.Prescriptions)-1].PrescriptionID = models.ID{}
				w.withdrawn = true
				continue
			}
			restarted[day] = true
			if pass == 0 {
				reissued = w.continueRestart(per, m, &old, pg, &reg, st.end-old.StartDate, visits, reissued, &s)
			} else {
				w.continueBeside(per, m, &old, pg, &reg, reissued)
			}
		}
	}
}

// continueRestart issues a restarted repeat (the batch's last row, regimen
// reg) again at its usual interval (period days, the stopped issue's), each
// at a GP visit about its condition booked on the day the last supply runs
// out, as the yearly review reissues any repeat: until the record's last
// day (death or the horizon: the last issue then runs on, open), or a later
// stop: its condition resolved, a review that issues it or a medicine new
// to its condition (the line moved on), a prescribing rule or a clash that
// rules it out that day. One visit a day serves every medicine reissued
// then (visits, by the day due); each reissue is added to reissued, which
// it returns (continueBeside). Before (session 52 review) a restart was a
// single issue that lapsed after one period.
func (w *worker) continueRestart(per *person, m *medPlan, old *models.Prescription, pg *pregnancy, reg *datasets.Regimen, period models.Date, visits map[models.Date]string, reissued []restartIssue, s *distributions.Stream) []restartIssue {
	last := len(w.b.Prescriptions) - 1
	since := w.b.Prescriptions[last].StartDate
	for period > 0 {
		prev := &w.b.Prescriptions[last]
		if prev.EndDate == models.NoDate || prev.EndDate >= per.lastDay || w.issuedAfter(per, m, since, prev.EndDate+1) {
			return reissued // runs on, or a later issue of it takes over
		}
		day := prev.EndDate + 1
		if !w.mayContinue(per, m, old, pg, day) {
			return reissued
		}
		enc, on := visits[day], day
		booked := enc == "" // this reissue books its own visit (below)
		if enc != "" {
			on = w.encounterByID(per, enc).StartTime.Date()
		} else {
			sl, ok := w.bookGP(per, day, encGPConsultation, contactGPConsultation, s)
			if !ok {
				return reissued
			}
			on = sl.start.Date()
			if on != day && (w.issuedAfter(per, m, since, on) || !w.mayContinue(per, m, old, pg, on)) {
				return reissued // booked and not written: the day stays taken
			}
			w.writeGP(per, &sl, old.ConditionID)
			enc, visits[day] = sl.id, sl.id
		}
		if on != day && w.issuedAfter(per, m, since, on) || !w.mayContinue(per, m, old, pg, on) {
			return reissued
		}
		was := prev.EndDate
		prev.EndDate = on - 1
		end := on + period
		if end > per.lastDay {
			end = models.NoDate
		}
		end = w.untilTakenOver(per, m, on, end)
		w.issue(per, enc, old.ConditionID, reg, on, end, models.PrescriptionRepeat)
		if w.restartClashes(per, m, len(w.b.Prescriptions)-1) {
			w.b.Prescriptions[len(w.b.Prescriptions)-1].PrescriptionID = models.ID{}
			w.withdrawn = true
			// the reissue is not made: the last issue keeps its end, and a
			// visit booked for it alone is not written (merge 68: ramipril
			// restarted after a pregnancy, its reissue withdrawn beside the
			// losartan started later for her diabetes, at a check-up about
			// hypertension that then recorded nothing; reached through
			// h68h's stream change)
			prev = &w.b.Prescriptions[last]
			prev.EndDate = was
			if booked && len(w.b.Encounters) > 0 && w.b.Encounters[len(w.b.Encounters)-1].EncounterID == enc {
				w.unbookLastVisit(per, on)
				delete(visits, day)
			}
			return reissued
		}
		reissued = append(reissued, restartIssue{m: m, enc: enc, on: on, end: end})
		last = len(w.b.Prescriptions) - 1
	}
	return reissued
}

// restartIssue is one issue continueRestart wrote: its visit, start and end.
type restartIssue struct {
	m       *medPlan
	enc     string
	on, end models.Date
}

// continueBeside reissues a restarted medicine issued only beside another
// (folic acid beside methotrexate: also_stop; the batch's last row) at each
// reissue of the medicine it comes with (prescribing.yaml companions) after
// its last start (reissued, in order), to the same
// end, while its condition is open and the rules allow it: the two go on and
// stop together.
func (w *worker) continueBeside(per *person, m *medPlan, old *models.Prescription, pg *pregnancy, reg *datasets.Regimen, reissued []restartIssue) {
	last := len(w.b.Prescriptions) - 1
	for _, r := range reissued {
		prev := &w.b.Prescriptions[last]
		if cp := r.m.companion; r.on <= prev.StartDate || cp == nil || cp.with != m && cp.alt != m {
			continue
		}
		if !w.mayContinue(per, m, old, pg, r.on) {
			return
		}
		prev.EndDate = r.on - 1
		w.issue(per, r.enc, old.ConditionID, reg, r.on, r.end, models.PrescriptionRepeat)
		last = len(w.b.Prescriptions) - 1
	}
}

// restartLeadDays: a review that issues the medicine this soon after the
// day it would restart issues it instead (stop 52 merge: a migraine's
// naproxen restarted at the postnatal check and issued again by its review
// a week later, two repeat issues 7 days apart).
const restartLeadDays = 14

// issuedWithin reports whether m is issued on day or in the days after it.
func (w *worker) issuedWithin(per *person, m *medPlan, day models.Date, days int) bool {
	d, ok := w.firstIssueAfter(per, m, day-1)
	return ok && d <= day+models.Date(days)
}

// issuedAfter reports whether medicine m has an issue, other than the
// restart's own (from day since on, at or after day from), written by the
// care before the restart: a review that issues it takes the course over.
func (w *worker) issuedAfter(per *person, m *medPlan, since, from models.Date) bool {
	_, ok := w.firstIssueAfter(per, m, max(since, from-1))
	return ok
}

// firstIssueAfter is the earliest start after day of an issue of m written
// so far, and whether there is one.
func (w *worker) firstIssueAfter(per *person, m *medPlan, day models.Date) (models.Date, bool) {
	return w.firstIssueFor(per, m, day, "")
}

// firstIssueFor is firstIssueAfter counting only the issues for condition
// cond ("": any).
func (w *worker) firstIssueFor(per *person, m *medPlan, day models.Date, cond string) (models.Date, bool) {
	first, ok := models.NoDate, false
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if !rx.PrescriptionID.IsZero() && rx.StartDate > day && m.issues(rx.DMDCode) && (cond == "" || rx.ConditionID == cond) && (!ok || rx.StartDate < first) {
			first, ok = rx.StartDate, true
		}
	}
	return first, ok
}

// untilTakenOver is the end of an issue of m from on to end (NoDate: open)
// that a later issue of it, written by a review, takes over: the day before
// the first such issue within it.
func (w *worker) untilTakenOver(per *person, m *medPlan, on, end models.Date) models.Date {
	if d, ok := w.firstIssueAfter(per, m, on); ok && (end == models.NoDate || d <= end) {
		return d - 1
	}
	return end
}

// mayContinue reports whether a restarted repeat of m may be issued again
// on day: inside the record, its condition still open, no medicine new to
// its condition issued since the pregnancy was recorded (replacedSince),
// and every prescribing rule allowing it that day.
func (w *worker) mayContinue(per *person, m *medPlan, old *models.Prescription, pg *pregnancy, day models.Date) bool {
	if day > per.lastDay {
		return false
	}
	if row := w.conditionRow(per, old.ConditionID); old.ConditionID != "" && (row == nil || row.ResolvedDate != models.NoDate && row.ResolvedDate <= day) {
		return false
	}
	if w.replacedSince(per, old, pg, day) {
		return false
	}
	return w.allowed(per, m, day, w.latestEGFR(per, day), -1) && !w.restartBarred(per, m, day)
}

// replacedSince reports whether a medicine new to the stopped repeat's
// condition (none of those issued for it before pregnancy pg was recorded)
// was issued from then to day: the line moved to its next choice. The
// pregnancy's own switch (labetalol at the confirming visit, to the restart)
// is no such move: it holds the place of the stopped one.
func (w *worker) replacedSince(per *person, old *models.Prescription, pg *pregnancy, day models.Date) bool {
	if old.ConditionID == "" {
		return false
	}
	before := map[string]bool{}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		if rx := &w.b.Prescriptions[k]; !rx.PrescriptionID.IsZero() && rx.ConditionID == old.ConditionID && rx.StartDate < pg.recorded {
			before[rx.DMDCode] = true
		}
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
		rx := &w.b.Prescriptions[k]
		if !rx.PrescriptionID.IsZero() && rx.ConditionID == old.ConditionID && rx.StartDate >= pg.recorded && rx.StartDate <= day && !before[rx.DMDCode] &&
			!w.switchedForPregnancy(rx, pg) {
			return true
		}
	}
	return false
}

// mayRestart reports whether the stopped repeat old of medicine m may be
// issued again on day after pregnancy pg: inside the record, its condition
// still open, no issue of it since the pregnancy was recorded (a yearly
// review went on to issue it), no medicine new to its condition issued in
// its place (the line moved to its next choice for the pregnancy, which goes
// on: amlodipine for a hypertension), and every prescribing rule allowing it
// (allergy, interactions, kidneys, a raised potassium: restartBarred).
func (w *worker) mayRestart(per *person, m *medPlan, old *models.Prescription, pg *pregnancy, day models.Date) bool {
	// (an issue from the planned confirmation to the end was withdrawn; one
	// started before the visit that recorded it is the one stopped)
	// (an issue for another condition is not this repeat: methotrexate's
	// weekly folic acid and the pregnancy's own daily 5 mg course, one
	// product; stop 53, audit methotrexate-without-folic-acid)
	if d, ok := w.firstIssueFor(per, m, pg.recorded-1, old.ConditionID); ok && d <= day {
		return false // issued again already
	}
	return w.mayContinue(per, m, old, pg, day)
}

// restartClashes reports whether the restarted issue ri of medicine m breaks
// a rule with the issues written around it: a class it must not run with (or
// a pair of classes: the triple whammy) running when it starts, or an issue
// started while it runs that must not start beside it. The medicines written
// earlier were chosen without it (the course model does not hold a restart).
func (w *worker) restartClashes(per *person, m *medPlan, ri int) bool {
	r := &w.b.Prescriptions[ri]
	last := r.EndDate
	if last == models.NoDate {
		last = per.lastDay
	}
	running := func(cls string, d models.Date) bool { // an issue of the class runs on day d
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || rx.StartDate > d || rx.EndDate != models.NoDate && rx.EndDate < d {
				continue
			}
			if mk := w.rxPlan(rx); mk != nil && mk.inClass(cls) {
				return true
			}
		}
		return false
	}
	barred := func(mk *medPlan, d models.Date, withR bool) bool { // mk may not start on d
		for _, cls := range mk.contraCls {
			if withR && m.inClass(cls) || !withR && running(cls, d) {
				return true
			}
		}
		for _, p := range mk.contraBoth {
			if running(p.class, d) && slices.ContainsFunc(p.and, func(c string) bool { return running(c, d) }) {
				return true
			}
		}
		return false
	}
	id := r.PrescriptionID
	r.PrescriptionID = models.ID{} // the restart's start judged without itself
	clash := barred(m, r.StartDate, false)
	r.PrescriptionID = id
	for k := per.rxFrom; k < len(w.b.Prescriptions) && !clash; k++ {
		rx := &w.b.Prescriptions[k]
		if k == ri || rx.PrescriptionID.IsZero() || rx.StartDate > last || rx.EndDate != models.NoDate && rx.EndDate < r.StartDate {
			continue
		}
		mk := w.rxPlan(rx)
		if mk == nil || mk == m {
			continue
		}
		// one of its exclusive classes at a time (an ARB begun while the
		// restarted ACE inhibitor runs: the hard rule dual-raas-blockade)
		if sharesClass(mk.med.Key, m.exclusive) || rx.StartDate >= r.StartDate && barred(mk, rx.StartDate, true) {
			clash = true
		}
	}
	return clash
}
