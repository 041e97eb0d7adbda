package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// diagnosisDue dates, before any stay or contact is drawn, the clinic that
// will diagnose each condition referred urgently in the record: the day
// urgentPathways draws for it (the same stream, replayed), on the next
// working day. Admissions drawn before urgentPathways books the clinic
// (hospitalStays), and end-of-life care (causeOfDeath), then keep off the
// days before it, as heldOn keeps the GP's contacts off them: before
// (fourteenth review), an elective or emergency admission and the home
// visits of a terminal decline were about a cancer days before the clinic
// that diagnosed it (31 of 881 cancers, generate -n 20000 -s 5).
// urgentPathways overwrites the day with the attendance it books, later
// when a stay moves it, and clears it when none can be booked.
func (w *worker) diagnosisDue(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if day, _, ok := w.urgentClinicDay(per, hc); ok {
			hc.diagnosedOn = w.diagnosisDay(per, hc, day)
			if w.presentsAsEmergency(per, hc) { // presenting.go: diagnosed at the emergency itself
				hc.emergency, hc.diagnosedOn = true, hc.onset
			}
		}
	}
}

// urgentClinicDay is the day held condition hc's urgent referral asks for
// its clinic, and the stream its pathway draws the rest from; false when it
// has no urgent pathway in the record. The stream is the condition's own,
// so diagnosisDue and urgentPathways draw the same day.
func (w *worker) urgentClinicDay(per *person, hc *heldCondition) (models.Date, distributions.Stream, bool) {
	up := hc.plan.UrgentPathway
	if up == nil || hc.onset < per.firstDay || hc.onset > per.lastDay {
		return 0, distributions.Stream{}, false
	}
	s := per.stream(w.plan.Opts.Seed, purposeUrgent, uint64(hc.plan.idx))
	d := hc.onset + models.Date(between(up.ClinicDays, &s))
	// due on a closed day: a working day within the two weeks (plannedday.go)
	return w.plannedDayWithin(per, d, hc.onset+models.Date(up.ClinicDays[0]), hc.onset+models.Date(up.ClinicDays[1])), s, true
}

// urgentPathways writes the hospital course of each condition diagnosed in
// the record that the GP refers urgently (catalogue urgent_pathway; suspected
// cancer, NICE NG12): the clinic attendance that makes the diagnosis within
// two weeks of the GP consultation (the onset), the treatments that follow
// within a month of it (an operation with a stay, day-case chemotherapy or
// radiotherapy, by their published shares), and the clinic's follow-up. It
// runs with the other stays, before the GP's contacts, so that none of them
// falls inside one; nothing is planned once end-of-life care has begun.
func (w *worker) urgentPathways(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		day, s, ok := w.urgentClinicDay(per, hc)
		if !ok {
			continue
		}
		up := hc.plan.UrgentPathway
		if hc.emergency { // diagnosed in hospital: the oncology clinic after discharge decides the treatment
			day = hc.emergencyEnd + models.Date(between(up.ClinicDays, &s))
		}
		reason := hc.id
		if _, _, _, ok := w.diagnosisGaps(per, hc); ok && !hc.emergency {
			hc.symptomID = w.ids.row(tagCondition) // the clinic is about the symptom (diagnosingtest.go)
			reason = hc.symptomID
		}
		enc, start, ok := w.outpatientAt(per, day, reason, &s)
		if !ok {
			if !hc.emergency {
				hc.diagnosedOn = 0 // no clinic: the GP's consultation diagnoses it
			}
			hc.symptomID = ""
			continue
		}
		if hc.symptomID != "" {
			if e, at, ok := w.diagnosingTest(per, hc, start.Date()); ok { // diagnosingtest.go
				enc, start = e, at
			} else { // no test: the first clinic diagnoses it, as before
				w.b.Encounters[len(w.b.Encounters)-1].ReasonConditionID = hc.id
				hc.symptomID = ""
			}
		}
		d := start.Date()
		if !hc.emergency {
			hc.diagnosedAt, hc.diagnosedOn = enc, d
			if per.causeID == hc.id && per.eolStart != 0 && per.eolStart <= d {
				// a stay moved the clinic past the day end-of-life care was to
				// begin: it begins after the diagnosis (careMayBegin)
				per.eolStart = d + 1
			}
		}
		last := d
		combos := up.Combinations
		if hc.site != nil {
			combos = hc.site.treatments // by the primary site (sites.go)
		}
		combo := combos[pickWeighted(combos, &s)]
		if len(combo.Treat) == 0 && !w.untreatedStands(per, hc, d) { // activetreatment.go
			combo = w.treatedInstead(per, hc, combos)
		}
		if len(combo.Treat) == 0 { // no hospital treatment: the diagnosing clinic decides the rest
			hc.afterTreatment = &bookedClinic{enc: enc, start: start}
		}
		next := d + models.Date(between(up.TreatmentDays, &s))
		firstTreat := next
		for _, key := range combo.Treat {
			t := up.Treatment(key)
			if t.MaxAge > 0 && per.ageOn(next) > t.MaxAge {
				continue // not at this age (max_age): the rest of the combination, if any
			}
			site := ""
			if hc.site != nil {
				site = hc.site.Key
			}
			end, ok := w.urgentTreatment(per, hc.id, site, t, next, &s)
			if !ok && last == d {
				end, ok = w.deferredTreatment(per, hc, site, t, next) // activetreatment.go
			}
			if !ok {
				break
			}
			if hc.radical == "" && hc.site != nil && hc.site.marker != nil && hc.site.marker.Course(key) != nil {
				hc.radical, hc.radicalEnd = key, end // the course its marker follows (markers.go)
			}
			last = end
			next = end + models.Date(between(up.GapDays, &s))
		}
		// no hospital treatment: the clinic codes its decision (diagnosingtest.go),
		// unless the treatment drawn falls after the record's end (brief h74d:
		// "no anti-cancer treatment" at 40 for a stomach cancer whose surgery
		// was due after it)
		if last == d && (len(combo.Treat) == 0 || firstTreat <= per.lastDay) {
			w.codeNoTreatment(per, hc, enc, start)
		}
		if first := w.urgentFollowUp(per, hc.id, up, last, &s); hc.afterTreatment == nil {
			hc.afterTreatment = first
		}
	}
}

// between draws a whole number of days from an inclusive range.
func between(r [2]int, s *distributions.Stream) int { return r[0] + s.IntN(r[1]-r[0]+1) }

// pickWeighted draws a combination by weight.
func pickWeighted(cs []datasets.Combination, s *distributions.Stream) int {
	return max(s.PickBy(len(cs), func(i int) float64 { return cs[i].Weight }), 0)
}

// planned reports whether a planned attendance on day d can be booked: in the
// record, before end-of-life care, and not in the illness a sudden death ends.
func planned(per *person, d models.Date) bool {
	return d <= per.lastDay && (per.eolStart == 0 || d+eolReviewMargin < per.eolStart) && !acutelyIll(per, d)
}

// urgentTreatment writes one treatment from day d on: an operation (an
// elective inpatient stay) or a series of day-case sessions or outpatient
// attendances (radiotherapy fractions). It returns the
// day the treatment ended and false when none of it could be booked.
func (w *worker) urgentTreatment(per *person, reason, site string, t *datasets.UrgentTreat, d models.Date, s *distributions.Stream) (models.Date, bool) {
	if t.StayDays > 0 {
		day, start := clinicStart(d, s)
		if !planned(per, day) {
			return 0, false
		}
		end := w.discharged(per, start, min(start.AddMinutes(int(s.LogNormal(math.Log(t.StayDays), 0.4)*24*60)), endOfLife(per)))
		kind := encElectiveAdmission
		if k, st, en, ok := w.cancerOperation(per, site, start); ok { // a day case or a short stay by the site (daycase.go)
			kind, start, end = k, st, en
		}
		if !addStay(per, start, end) {
			return 0, false
		}
		w.addEncounter(per, kind, settingInpatient, start, end, reason, "11")
		return end.Date(), true
	}
	n, booked, last := between(t.Sessions, s), 0, d
	for i := 0; i < n && t.Outpatient; i++ { // radiotherapy fractions: outpatient attendances
		if !planned(per, d) {
			break
		}
		if _, start, ok := w.outpatientAt(per, d, reason, s); ok {
			e := &w.b.Encounters[len(w.b.Encounters)-1]
			e.TypeCode, e.TypeDisplay = t.Snomed, t.Display // typed by its procedure, as an operation is
			booked, last, d = booked+1, start.Date(), start.Date()
		}
		d += models.Date(t.EveryDays)
	}
	for i := 0; i < n && !t.Outpatient; i++ {
		day, _ := clinicStart(d, s) // (the start: dayCaseTimes)
		if !planned(per, day) {
			break
		}
		_ = s.IntN(6) // the draw that timed it before, so the stream stays as it was
		start, end := w.dayCaseTimes(per, day, t.Key)
		if addStay(per, start, end) {
			w.addEncounter(per, encDayCase, settingInpatient, start, end, reason, "11")
			booked, last = booked+1, day
		}
		d = day + models.Date(t.EveryDays)
	}
	return last, booked > 0
}

// urgentFollowUp books the clinic's follow-up attendances after day d and
// returns the first (nil: none).
func (w *worker) urgentFollowUp(per *person, reason string, up *datasets.UrgentPathway, d models.Date, s *distributions.Stream) *bookedClinic {
	var first *bookedClinic
	until := d + models.Date(up.FollowUp.Years*365.25)
	for {
		d += models.Date(between(up.FollowUp.EveryDays, s))
		if d > until || !planned(per, d) {
			return first
		}
		enc, start, ok := w.outpatientAt(per, w.plannedDay(per, d), reason, s) // a follow-up clinic due on a closed day: over the week after (plannedday.go)
		if !ok {
			return first
		}
		if first == nil {
			first = &bookedClinic{enc: enc, start: start}
		}
		d = start.Date()
	}
}

// referredUrgently writes the GP consultation that referred a suspected
// cancer urgently (encounter encID at t, the condition's diagnosis review):
// it codes the fast-track referral for the site (catalogue urgent_pathway
// referrals), is about the symptom (its problem: presentingSymptom), not
// yet the cancer, and the problem list dates the cancer by the clinic that
// diagnosed it.
// Before (thirteenth review), the cancer was dated by this consultation,
// days before its diagnosis.
func (w *worker) referredUrgently(per *person, hc *heldCondition, encID string, t models.Timestamp) {
	code := hc.plan.childReferral
	if hc.site != nil && per.ageOn(t.Date()) >= datasets.ChildUnder {
		code = hc.site.referral
	}
	reason := "" // about the symptom, not yet the cancer
	if code != nil {
		reason = w.presentingSymptom(per, hc, encID, t) // presenting.go: what made the GP refer
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(1), code))
	}
	for e := len(w.b.Encounters) - 1; e >= per.encFrom; e-- {
		if w.b.Encounters[e].EncounterID == encID {
			w.b.Encounters[e].ReasonConditionID = reason
			break
		}
	}
	row := &w.b.Conditions[hc.row]
	row.OnsetDate = max(row.OnsetDate, hc.diagnosedOn)
	per.urgentRows = append(per.urgentRows, hc.row)
	if len(hc.staged) == 1 && hc.staged[0].id == row.ConditionID {
		hc.staged[0].from = row.OnsetDate
	}
}

// resolveReferrals resolves the codes of a condition's urgent referrals:
// each site's and a child's.
func (p *Plan) resolveReferrals(cp *condPlan) error {
	up := cp.UrgentPathway
	if up == nil || len(up.Referrals) == 0 {
		return nil
	}
	code := func(key string) (*datasets.ObservationCode, error) {
		if key == "" {
			return nil, nil
		}
		c, ok := datasets.ObservationByKey(key)
		if !ok {
			return nil, fmt.Errorf("condition %s: urgent_pathway referral %q has no code", cp.Key, key)
		}
		return &c, nil
	}
	var err error
	if cp.childReferral, err = code(up.Referral("", true)); err != nil {
		return err
	}
	for k := range cp.sites {
		if cp.sites[k].referral, err = code(up.Referral(cp.sites[k].Key, false)); err != nil {
			return err
		}
		if cp.sites[k].route, err = resolveRoute(cp.sites[k].Key); err != nil { // presenting.go
			return fmt.Errorf("condition %s: %w", cp.Key, err)
		}
	}
	if len(cp.sites) > 0 {
		return p.resolveNotCancer(up) // notcancer.go: the referrals of those without it
	}
	return nil
}
