package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Gestational hypertension treated (issue 9, brief h55d). Before, the
// maternity assessment coded it and nothing followed: no antihypertensive
// in any of the 39 problems, and no check until the next routine midwife
// appointment (generate -n 20000 -s 83). NICE NG133: labetalol to a target
// of 135/85, the blood pressure and urine checked about weekly until it is
// reached, the medicine reviewed and stopped after the birth.
// pregnancy.yaml raised_bp treatment.

// treatGestationalBP starts the treatment of the gestational hypertension
// coded (problem row gh) at the assessment ae on day d in the woman's i-th
// pregnancy: the medicine from d to after_birth_days after the birth,
// (its next choice when a prescribing rule rules one out: asthma for
// labetalol, an allergy; brief h69c), none when she takes it already, and the maternity unit's checks every
// check_every_days until a reading is at or below the target. Its own
// stream (sub-key 4), so that no other draw of the pregnancy moves.
func (w *worker) treatGestationalBP(per *person, i int, gh, ae string, d models.Date) {
	rb := w.plan.pregnancy.raisedBP
	t := rb.r.Treatment
	if t == nil || rb.med == nil {
		return
	}
	pg := &per.pregnancies[i]
	end := pg.end + models.Date(t.AfterBirthDays)
	if end > per.lastDay {
		end = per.lastDay
	}
	if end >= d {
		w.issueGestationalBP(per, ae, gh, d, end)
	}
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 4, uint64(d))
	for day := d + models.Date(t.CheckEveryDays); day < pg.end && day <= per.lastDay; day += models.Date(t.CheckEveryDays) {
		enc, start, ok := w.outpatientAt(per, day, gh, &s)
		if !ok || start.Date() >= pg.end {
			return
		}
		w.typeEncounter(per, enc, &rb.r.Assessment)
		w.antenatalChecks(per, enc, start, rb.checks, &s)
		if w.pressureAtTarget(per, start.AddMinutes(5)) {
			return // controlled: the midwife's schedule goes on
		}
		day = start.Date()
	}
}

// pressureAtTarget reports whether the blood pressure recorded at time at
// is at or below the treatment's target, systolic and diastolic both.
func (w *worker) pressureAtTarget(per *person, at models.Timestamp) bool {
	t := w.plan.pregnancy.raisedBP.r.Treatment
	sl := &w.plan.slots
	return per.hasLast[sl.systolic] && per.lastAt[sl.systolic] == at && per.lastVal[sl.systolic] <= t.TargetSystolic &&
		per.hasLast[sl.diastolic] && per.lastAt[sl.diastolic] == at && per.lastVal[sl.diastolic] <= t.TargetDiastolic
}

// issueGestationalBP issues the treatment's first medicine that no
// prescribing rule rules out on day d (asthma for labetalol, an allergy, a
// slow heart) from d to end, about problem row about, at encounter enc; none
// when she takes it already. It returns the medicine given or running (nil:
// none). Before (brief h69c) asthma left gestational hypertension untreated.
func (w *worker) issueGestationalBP(per *person, enc, about string, d, end models.Date) *medPlan {
	for _, m := range w.plan.pregnancy.raisedBP.meds {
		reg := m.regimen(per.ageOn(d), 0)
		if reg == nil || allergic(per, m, d) || w.slowHeartBarsOn(per, m, d) ||
			!w.allowedCourse(per, m, d, end, w.latestEGFR(per, d)) {
			continue // ruled out: the next choice
		}
		if w.medRunning(per, m, d, d) {
			return m
		}
		// A course of it that starts later, written first (results are
		// written out of time order: the midwife's appointment coded
		// gestational hypertension and started it before the antenatal
		// diabetes clinic days earlier, written after, found it; brief
		// fix75a) runs on from its own day: this course bridges to it.
		if later := w.medStartsAfter(per, m, d, end); later != models.NoDate {
			end = later - 1
		}
		w.issue(per, enc, about, reg, d, w.untilRuledOut(per, m, d, end), models.PrescriptionRepeat) // pregnancyswitch.go
		return m
	}
	return nil
}

// medStartsAfter returns the first day after d, to end, on which a course
// of m (an issue or an episode's repeat) starts (NoDate: none).
func (w *worker) medStartsAfter(per *person, m *medPlan, d, end models.Date) models.Date {
	first := models.NoDate
	at := func(from models.Date) {
		if from > d && (end == models.NoDate || from <= end) && (first == models.NoDate || from < first) {
			first = from
		}
	}
	for _, r := range per.episodeRepeats {
		if r.meds == m {
			at(r.from)
		}
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		if rx := &w.b.Prescriptions[k]; m.issues(rx.DMDCode) {
			at(rx.StartDate)
		}
	}
	return first
}
