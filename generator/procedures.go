package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Planned procedures that follow a referral (catalogue presentation
// procedure): the GP refers an episode straight to the test (gprefers.go),
// or a clinic that first sees it lists it with the procedure's share. A
// waiting list's own volume never opens such a complaint (it has no
// elective weights), so the share of episodes with a procedure is the
// referral's, not what a fixed volume needed to fill itself.

// listedAfterClinic lists episode id of presentation pi, first seen in clinic
// on day seen, for its procedure with the procedure's share (a stream keyed
// by the complaint and the episode's onset).
func (w *worker) listedAfterClinic(per *person, pi int, id string, onset, seen models.Date) {
	pc := w.plan.presentations[pi].Procedure
	if pc == nil || pc.StraightToTest {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeProcedure, uint64(pi), uint64(onset))
	if s.Bernoulli(pc.Share) {
		w.procedure(per, pi, id, seen, pc.Days, &s)
	}
}

// clinicListings lists the episodes a clinic opened itself (a cataract, sent
// by the optometrist: no GP referral share) at their first clinic
// attendance. It runs once every background clinic attendance is written.
func (w *worker) clinicListings(per *person) {
	if len(w.plan.listedAtClinic) == 0 {
		return
	}
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		c := &w.b.Conditions[k]
		for _, pi := range w.plan.listedAtClinic {
			if c.ConditionKey != w.plan.presentations[pi].Key {
				continue
			}
			if seen := per.firstClinicFor(c.ConditionID); seen != models.NoDate {
				w.listedAfterClinic(per, pi, c.ConditionID, c.OnsetDate, seen)
			}
		}
	}
}

// firstClinicFor is the day of the first clinic attendance about problem
// id, or NoDate.
func (per *person) firstClinicFor(id string) models.Date {
	first := models.NoDate
	for _, v := range per.clinicVisits {
		if v.reason == id && (first == models.NoDate || v.day < first) {
			first = v.day
		}
	}
	return first
}

// procedure books the day case of episode id of presentation pi some days
// after day from (days: the procedure's, or an urgent clinic's test_days), on a working day with no other contact
// or stay, and keeps the episode open until then. It reports false when
// none fits: the person's operations are used up (max_per_person, or one
// that removes), they are too young for it, or the record or their life
// ends first.
func (w *worker) procedure(per *person, pi int, id string, from models.Date, days [2]int, s *distributions.Stream) bool {
	pr := &w.plan.presentations[pi]
	ops := per.episodes[pi].ops
	if (pr.MaxPerPerson > 0 && ops >= pr.MaxPerPerson) || (pr.Procedure.Removes && ops > 0) || per.ageOn(from) < pr.ElectiveMinAge {
		return false
	}
	d := from + models.Date(between(days, s))
	for tries := 0; tries < 14; tries, d = tries+1, d+1 {
		day, _ := clinicStart(postponed(per, d), s) // not in the weeks after an emergency stay (the start: dayCaseTimes)
		if !planned(per, day) {
			return false
		}
		if pr.Procedure.Removes && w.episodeAfter(per, pr.Key, day) {
			return false // episodes written after the day: not listed (the sore throats went on)
		}
		_ = s.IntN(10) // the draw that timed it before, so the stream stays as it was
		key := pr.Key
		if pr.Operation == nil && pr.Procedure.Snomed != "" {
			key = dayCaseInvestigation // the test itself (a cystoscopy)
		}
		start, end := w.dayCaseTimes(per, day, key)
		if w.contactOn(per, day) || !addStay(per, start, end) {
			d = day
			continue
		}
		w.addEncounter(per, encDayCase, settingInpatient, start, end, id, "11")
		if op := pr.Operation; op != nil {
			e := &w.b.Encounters[len(w.b.Encounters)-1]
			e.TypeCode, e.TypeDisplay = op.Snomed, op.Display
		} else if pc := pr.Procedure; pc.Snomed != "" { // the test itself (a cystoscopy)
			e := &w.b.Encounters[len(w.b.Encounters)-1]
			e.TypeCode, e.TypeDisplay = pc.Snomed, pc.Display
		}
		per.episodes[pi].ops++
		w.keepOpenUntil(per, pi, id, day)
		return true
	}
	return false
}

// contactOn reports whether the person has any encounter on day d: a
// procedure booked after the contacts are written keeps clear of them.
func (w *worker) contactOn(per *person, d models.Date) bool {
	if per.gpDays.has(d) {
		return true
	}
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.StartTime.Date() <= d && e.EndTime.Date() >= d {
			return true
		}
	}
	return false
}

// episodeAfter reports whether the person has an episode of presentation
// key beginning after day d.
func (w *worker) episodeAfter(per *person, key string, d models.Date) bool {
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionKey == key && c.OnsetDate > d {
			return true
		}
	}
	return false
}
