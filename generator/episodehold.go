package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Medicines held through an episode and restarted after it (prescribing.yaml
// contraindications until_recovered, episode_restart; session 52). A GP
// review of stop 51 found ACE inhibitors, ARBs, diuretics, metformin and
// SGLT2 inhibitors issued on through acute kidney injuries, where NICE NG148
// and the NHS sick day guidance withhold them until the kidneys recover. The
// care pass keeps its courses (their effects on the state run on); the
// record holds them from the episode's first day until the episode ends at
// its last check (catalogue bloods recovery): an issue running into it ends
// the day before, one dated inside it is withdrawn. A telephone review a day
// or so after the check reads the bloods and restarts each held medicine,
// as a repeat of the dose it was on, for what remained of the issue it
// stopped (or until the next review issues it), when the eGFR is back and
// every prescribing rule allows it that day; otherwise "Drug treatment
// stopped - medical advice" is coded at the check and the medicine waits
// for its condition's next review. Run once every issue is written; the
// review draws from a stream of its own, so nothing else moves.

// episodeCheck is the last blood check of an episode that holds medicines:
// the episode's condition row, its day and its encounter.
type episodeCheck struct {
	cond string
	day  models.Date
	enc  string
}

// heldRx is a held medicine's issue the hold ended or withdrew: the row as
// it was, and its end before the hold (NoDate: open).
type heldRx struct {
	row models.Prescription
	end models.Date
}

// holdThroughEpisodes holds, for each episode whose presentation holds
// medicines, in onset order, the issues of those medicines, and restarts
// them after its last check.
func (w *worker) holdThroughEpisodes(per *person) {
	p := w.plan
	if len(p.holdPres) == 0 {
		return
	}
	var eps []int // condition rows of such episodes
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		c := &w.b.Conditions[k]
		if slices.ContainsFunc(p.holdPres, func(pi int) bool { return p.presentations[pi].Key == c.ConditionKey }) {
			eps = append(eps, k)
		}
	}
	slices.SortStableFunc(eps, func(a, b int) int { return int(w.b.Conditions[a].OnsetDate - w.b.Conditions[b].OnsetDate) })
	for _, k := range eps {
		c := w.b.Conditions[k]
		pi := slices.IndexFunc(p.holdPres, func(pi int) bool { return p.presentations[pi].Key == c.ConditionKey })
		w.holdThrough(per, p.holdPres[pi], &c)
	}
}

// holdThrough holds the medicines presentation pi's episode c holds, from
// its onset to its end (open: the rest of the record), and restarts them
// after its last check.
func (w *worker) holdThrough(per *person, pi int, c *models.Condition) {
	until := c.ResolvedDate
	if until == models.NoDate {
		until = per.lastDay + 1
	}
	held := map[*medPlan]*heldRx{} // per medicine, the latest issue held
	var order []*medPlan
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil || !slices.Contains(m.heldIn, pi) {
			continue
		}
		h := heldRx{row: *rx, end: rx.EndDate}
		switch {
		case rx.StartDate >= c.OnsetDate && rx.StartDate < until: // dated inside it: withdrawn
			w.withdrawCompanion(per, rx)
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		case rx.StartDate < c.OnsetDate && (rx.EndDate == models.NoDate || rx.EndDate >= c.OnsetDate): // running into it: ends the day before
			w.eachCompanion(per, rx, func(cp *models.Prescription) {
				if cp.EndDate == models.NoDate || cp.EndDate >= c.OnsetDate {
					cp.EndDate = c.OnsetDate - 1
				}
			})
			rx.EndDate = c.OnsetDate - 1
		default:
			continue
		}
		old, ok := held[m]
		if !ok {
			order = append(order, m)
			held[m] = &h
			continue
		}
		end := max(old.end, h.end) // the longest authorisation held
		if old.end == models.NoDate || h.end == models.NoDate {
			end = models.NoDate
		}
		if h.row.StartDate >= old.row.StartDate { // the dose it was on last
			old.row = h.row
		}
		old.end = end
	}
	if len(order) == 0 {
		return
	}
	restarted := map[*medPlan]bool{}
	// no check (the record ended, end-of-life care): the next review decides
	if ci := slices.IndexFunc(per.checks, func(k episodeCheck) bool { return k.cond == c.ConditionID }); ci >= 0 {
		restarted = w.restartHeld(per, c, until, per.checks[ci], w.plan.presentations[pi].Bloods.Recovery, held, order)
	}
	for _, m := range order {
		if !restarted[m] {
			w.barLaterStarts(per, m, until)
		}
	}
}

// barLaterStarts withdraws, in day order, the issues of held medicine m
// from day from on until one the prescribing rules allow: the first issue
// after a hold is a start (a potassium above 5.0 bars an ACE inhibitor's:
// hard rule raas-blocker-started-above-potassium-5), made by a review that
// did not know of the hold.
func (w *worker) barLaterStarts(per *person, m *medPlan, from models.Date) {
	var later []int
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
		if rx := &w.b.Prescriptions[k]; !rx.PrescriptionID.IsZero() && rx.StartDate >= from && m.issues(rx.DMDCode) {
			later = append(later, k)
		}
	}
	slices.SortStableFunc(later, func(a, b int) int { return int(w.b.Prescriptions[a].StartDate - w.b.Prescriptions[b].StartDate) })
	for _, k := range later {
		rx := &w.b.Prescriptions[k]
		if w.allowed(per, m, rx.StartDate, w.latestEGFR(per, rx.StartDate), -1) {
			return
		}
		w.withdrawCompanion(per, rx)
		rx.PrescriptionID = models.ID{}
		w.withdrawn = true
	}
}

// restartHeld restarts the medicines held through episode c, ended on
// until, at a telephone review after its last check ck (or its end, when a
// later contact kept it open), each when the eGFR is back and the rules
// allow it; the rest have the reason coded at the check. It returns the
// medicines restarted or issued again already.
func (w *worker) restartHeld(per *person, c *models.Condition, until models.Date, ck episodeCheck, rc *datasets.Recovery, held map[*medPlan]*heldRx, order []*medPlan) map[*medPlan]bool {
	r := w.plan.episodeRestart
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeEpisodeRestart, uint64(c.OnsetDate))
	day := max(ck.day, until) + models.Date(between(r.ReviewDays, &s))
	restarted := map[*medPlan]bool{}
	enc, on := "", models.NoDate
	notRestarted := false
	for _, m := range order {
		h := held[m]
		if h.end != models.NoDate && h.end < day {
			continue // it would have ended before the review: nothing to restart
		}
		if w.issuedSince(per, m, c.OnsetDate, day) {
			restarted[m] = true // a review issued it again already
			continue
		}
		if row := w.conditionRow(per, h.row.ConditionID); h.row.ConditionID != "" && (row == nil || row.ResolvedDate != models.NoDate && row.ResolvedDate <= day) {
			continue // its condition has ended
		}
		if day > per.lastDay || per.inEndOfLifeCare(day) || !w.recovered(per, rc, c.OnsetDate, day) || !w.allowed(per, m, day, w.latestEGFR(per, day), -1) {
			notRestarted = true
			continue
		}
		if enc == "" {
			sl, ok := w.bookGP(per, day, encGPTelephone, contactGPTelephone, &s)
			if !ok || sl.start.Date() != day && !w.allowed(per, m, sl.start.Date(), w.latestEGFR(per, sl.start.Date()), -1) {
				notRestarted = true
				break // booked and not written: the day stays taken, as a background slot's
			}
			w.writeGP(per, &sl, h.row.ConditionID)
			enc, on = sl.id, sl.start.Date()
		}
		restarted[m] = w.restartIssue(per, m, h, enc, on)
		notRestarted = notRestarted || !restarted[m]
	}
	if notRestarted {
		if e := w.encounterByID(per, ck.enc); e != nil {
			w.reasonObservation(per, ck.enc, e.StartTime.AddMinutes(5), &r.NotRestarted)
		}
	}
	return restarted
}

// restartIssue issues held medicine m again at encounter enc on day on: the
// dose it was on, to the end its held issue had (open when that was), or
// the day before a later issue of it begins; withdrawn if it clashes with
// the issues around it. It reports whether the issue stands.
func (w *worker) restartIssue(per *person, m *medPlan, h *heldRx, enc string, on models.Date) bool {
	reg, ok := datasets.RegimenByDMD(h.row.DMDCode)
	if !ok {
		return false
	}
	reg.Name, reg.DoseText = h.row.Medication, h.row.DoseText
	end := h.end
	if end != models.NoDate && end < on { // the review moved past its end (a busy day)
		return false
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // a review that issues it later takes over
		if rx := &w.b.Prescriptions[k]; !rx.PrescriptionID.IsZero() && rx.StartDate > on && m.issues(rx.DMDCode) && (end == models.NoDate || rx.StartDate <= end) {
			end = rx.StartDate - 1
		}
	}
	w.issue(per, enc, h.row.ConditionID, &reg, on, end, models.PrescriptionRepeat)
	if w.restartClashes(per, m, len(w.b.Prescriptions)-1) { // pregnancyrestart.go
		w.b.Prescriptions[len(w.b.Prescriptions)-1].PrescriptionID = models.ID{}
		w.withdrawn = true
		return false
	}
	return true
}

// issuedSince reports whether an issue of m starts on a day in [from, to].
func (w *worker) issuedSince(per *person, m *medPlan, from, to models.Date) bool {
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
		if rx := &w.b.Prescriptions[k]; !rx.PrescriptionID.IsZero() && rx.StartDate >= from && rx.StartDate <= to && m.issues(rx.DMDCode) {
			return true
		}
	}
	return false
}

// recovered reports whether the eGFR a prescriber reads on day d (the
// episode's check) is back after an episode begun on onset: at the
// catalogue's recovery level (rc at_least), or at episode_restart's share
// of the last result before the episode.
func (w *worker) recovered(per *person, rc *datasets.Recovery, onset, d models.Date) bool {
	v := egfrBefore(per, d+1, egfrSeenDays+1)
	if v == noEGFR {
		return false
	}
	if v >= rc.AtLeast {
		return true
	}
	before := egfrBefore(per, onset, egfrSeenDays+1)
	return before != noEGFR && v >= w.plan.episodeRestart.EGFRShareOfBefore*before
}
