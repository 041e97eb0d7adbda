package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Episodes of a spread length and the treatment that lasts them (thirteenth
// review): every anxiety episode lasted exactly 365 days and almost none was
// treated. A presentation with a duration_range draws each episode's length;
// a for_episode course (an SSRI, NICE CG113) runs on as a repeat to the
// episode's end.

// episodeDays is how long the episode of presentation pi begun on day d
// lasts: drawn log-uniformly within the duration_range when the
// presentation has one (from a stream of its own, so no other draw moves),
// its duration_days otherwise (0: long-standing).
func (w *worker) episodeDays(per *person, pi int, d models.Date) models.Date {
	pr := &w.plan.presentations[pi]
	r := pr.DurationRange
	if r[1] <= 0 {
		return models.Date(pr.DurationDays)
	}
	s := per.stream(w.plan.Opts.Seed, purposeEpisodeDays, uint64(pi), uint64(d))
	lo, hi := math.Log(float64(r[0])), math.Log(float64(r[1]))
	return models.Date(math.Round(math.Exp(lo + s.Float64()*(hi-lo))))
}

// episodeCourseEnd is the last day of a for_episode course of m begun on
// day onset: the day before the episode resolves (until; the record's last
// day when it stays open), or the day before a medicine of its exclusive
// class starts as a course of its own (an antidepressant for depression).
func episodeCourseEnd(per *person, m *medPlan, onset, until models.Date) models.Date {
	end := per.lastDay
	if until != models.NoDate {
		end = until - 1
	}
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.start <= onset || cr.start > end {
			continue
		}
		for _, cls := range m.exclusive {
			if cr.med == m.med || cr.meds.inClass(cls) {
				end = cr.start - 1
				break
			}
		}
	}
	return end
}

// episodeRepeat is a for_episode course's repeat, from the day after its
// acute issue to its last day, authorised at a GP contact booked after the
// others (writeEpisodeRepeats).
type episodeRepeat struct {
	reg      *datasets.Regimen
	step     int      // the step the contact asked for, before any renal band
	meds     *medPlan // for its companion (senna beside a repeat co-codamol; eighteenth review)
	cond     string
	from, to models.Date
}

// writeEpisodeRepeats authorises each pending for_episode repeat at a
// telephone review when the acute issue runs out (NICE CG113: review a
// new SSRI within weeks; timing: model), on the first free day; none when
// that day is past the course's last. A repeat running on the record's
// last day stays open.
func (w *worker) writeEpisodeRepeats(per *person) {
	for k, r := range per.episodeRepeats {
		s := per.stream(w.plan.Opts.Seed, purposeEpisodeDays, 1<<32+uint64(k))
		id, start, ok := w.gpVisit(per, r.from, encGPTelephone, r.cond, &s)
		if !ok {
			continue
		}
		if d := start.Date(); d > r.to {
			w.unbookLastVisit(per, d)
			continue
		}
		w.assessAtRepeat(per, r.cond, id, start) // steppedcare.go
		reg, ok := w.repeatDose(per, &r, start.Date())
		if !ok {
			continue // the kidneys rule it out now: the review does not authorise it
		}
		r.reg = reg
		cutAcute(w.b.Prescriptions, per.id, reg.Medicine, start.Date())
		end := r.to
		if r.to >= per.lastDay && per.death == models.NoDate {
			end = models.NoDate
		}
		w.issue(per, id, r.cond, reg, start.Date(), end, models.PrescriptionRepeat)
		rows := []int{len(w.b.Prescriptions) - 1}
		w.acuteCompanion(per, r.meds, per.ageOn(start.Date())) // companions.go: as long as the repeat
		if n := len(w.b.Prescriptions) - 1; n != rows[0] {
			rows = append(rows, n)
		}
		// reviewed every year while it runs, its dose read again against the
		// latest eGFR as at its first authorisation (reviewedrepeat.go, brief
		// h68a: a neuropathy's gabapentin was one row for years)
		rr := r
		dose := func(on models.Date) (*datasets.Regimen, bool) { return w.repeatDose(per, &rr, on) }
		w.reviewRows(per, rows, r.cond, []models.Date{start.Date() + reviewEvery + models.Date(s.IntN(29)-14)}, dose, &s)
	}
}

// cutAcute ends, the day before day d, the acute issues of medicine key
// still running on d among the patient's rows (the last ones written): the
// repeat that starts on d takes over (a short course of zopiclone from a
// new complaint of poor sleep; eighteenth review).
func cutAcute(rxs []models.Prescription, patientID, key string, d models.Date) {
	for i := len(rxs) - 1; i >= 0 && rxs[i].PatientID == patientID; i-- {
		rx := &rxs[i]
		if rx.Type != models.PrescriptionAcute || rx.StartDate >= d || (rx.EndDate != models.NoDate && rx.EndDate < d) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && g.Medicine == key {
			rx.EndDate = d - 1
		}
	}
}

// repeatRegimen is the regimen a for_episode repeat is authorised at on day
// d, read again against the latest eGFR (eighteenth review: gabapentin at
// 900 mg a day was authorised on repeat after an eGFR of 45 came back
// between the acute issue and the review): the band of the latest eGFR
// decides, down or back up to the contact's own step (an eGFR of 49 then 58
// returns gabapentin to three a day); below the medicine's stop_below it is
// repeatDose is the regimen a review on day d authorises episode repeat r
// at: its kidney dose (repeatRegimen), for the age then (zopiclone 3.75 mg
// from 65, eighteenth review); ok false when the kidneys rule it out.
func (w *worker) repeatDose(per *person, r *episodeRepeat, d models.Date) (*datasets.Regimen, bool) {
	reg, ok := w.repeatRegimen(per, r, d)
	if !ok {
		return nil, false
	}
	if m := w.plan.medPlans[reg.Medicine]; m != nil {
		if g := m.regimen(per.ageOn(d), reg.Step); g != nil {
			reg = g
		}
	}
	return reg, true
}

// not authorised (ok false).
func (w *worker) repeatRegimen(per *person, r *episodeRepeat, d models.Date) (*datasets.Regimen, bool) {
	rr := r.meds.renal
	if rr == nil {
		return r.reg, true
	}
	egfr := w.latestEGFR(per, d)
	if rr.StopBelow > 0 && egfr < rr.StopBelow {
		return nil, false
	}
	step := r.step
	if rs, ok := rr.DoseStep(egfr); ok {
		step = max(step, rs)
	}
	if step != r.reg.Step {
		if reg := r.meds.regimen(per.ageOn(d), step); reg != nil && reg.Step == step {
			return reg, true
		}
	}
	return r.reg, true
}
