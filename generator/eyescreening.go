package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// eyePlan is screening.yaml diabetic_eye, resolved once per run.
type eyePlan struct {
	e     *datasets.DiabeticEye
	conds []int // condition indexes whose holders are invited
	code  datasets.ObservationCode
	dna   *datasets.ObservationCode // a missed appointment's code (nil: not coded)
}

// buildEyeScreening resolves the diabetic eye screening programme.
func (p *Plan) buildEyeScreening(e *datasets.DiabeticEye) error {
	code, _ := datasets.ObservationByKey(e.Observation)
	ep := &eyePlan{e: e, code: code}
	if e.DidNotAttend != "" {
		dna, ok := datasets.ObservationByKey(e.DidNotAttend)
		if !ok {
			return fmt.Errorf("screening.yaml: diabetic_eye: did_not_attend %q is not in observation_codes.csv", e.DidNotAttend)
		}
		ep.dna = &dna
	}
	for _, k := range e.Conditions {
		ci, ok := p.condIndex[k]
		if !ok {
			return fmt.Errorf("screening.yaml: diabetic_eye: condition %q is not in the catalogue", k)
		}
		ep.conds = append(ep.conds, ci)
	}
	p.eyeScreening = ep
	return nil
}

// eyeScreening follows a person with diabetes through the NHS Diabetic Eye
// Screening Programme (fourteenth review): invited first some weeks after
// the diagnosis (or at 12), then every year; each invitation attended at the
// published uptake. A screen inside the history window is an appointment
// with the programme (not the practice: setting outpatient, typed by the
// procedure) about the diabetes, with its outcome coded. None once
// end-of-life care has begun. Draws from a stream of its own.
func (w *worker) eyeScreening(per *person) {
	ep := w.plan.eyeScreening
	if ep == nil {
		return
	}
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.row >= 0 && slices.Contains(ep.conds, hc.plan.idx) {
			w.screenEyes(per, hc, hc.plan.idx)
		}
	}
}

// screenEyes books the screens of the diabetes hc (condition ci).
func (w *worker) screenEyes(per *person, hc *heldCondition, ci int) {
	ep := w.plan.eyeScreening
	e := ep.e
	row := &w.b.Conditions[hc.row]
	s := per.stream(w.plan.Opts.Seed, purposeEyeScreening, uint64(ci))
	ms := per.stream(w.plan.Opts.Seed, purposeEyeScreeningMissed, uint64(ci)) // a missed appointment's code and re-offer
	due := row.OnsetDate + models.Date(s.Range(e.FirstDays[0], e.FirstDays[1]))
	if from := per.birthday(e.FromAge); due < from {
		due = from
	}
	for first := true; due <= per.lastDay && !per.screeningStopped(due); first = false {
		attends := s.Float64()*100 < e.FirstAttendPct()
		day := due + models.Date(s.Range(e.DelayDays[0], e.DelayDays[1]))
		if first {
			// the first appointment is the one offered within first_days of
			// the diagnosis (brief h69d), no later; the delay is still drawn
			// so the later screens' draws do not move
			day = due
		}
		if attends && day >= per.firstDay && day <= per.lastDay && !per.screeningStopped(day) {
			w.recordEyeScreen(per, hc.id, day, &s)
		}
		if !attends {
			w.missedEyeScreen(per, hc.id, day, &ms)
		}
		due = models.DateOf(due.Time().AddDate(e.IntervalYears, 0, 0))
	}
}

// recordEyeScreen writes the screening appointment on day (or the next
// free working day) about the diabetes row reason, with its outcome.
func (w *worker) recordEyeScreen(per *person, reason string, day models.Date, s *distributions.Stream) {
	ep := w.plan.eyeScreening
	day, start := clinicStart(w.plannedDay(per, day), s) // due on a closed day: booked over the week after
	for {                                                // not in hospital, nor on the day of a clinic about the diabetes
		if end, in := inStay(per, start); in {
			day, start = clinicStart(end.Date()+1, s)
		} else if per.seenInClinicOn(day, reason) {
			day, start = clinicStart(day+1, s)
		} else {
			break
		}
	}
	if day > per.lastDay || per.screeningStopped(day) {
		return
	}
	id := w.addEncounter(per, encEyeScreening, settingOutpatient, start, start.AddMinutes(30), reason, "")
	o := w.observation(per, id, start.AddMinutes(15), &ep.code)
	o.ValueCode, o.ValueDisplay = ep.e.Result.Code, ep.e.Result.Display
	w.b.Observations = append(w.b.Observations, o)
}

// missedEyeScreen codes an appointment missed on day (brief h70e: the
// programme tells the practice) and offers another reoffer_days later,
// attended at the share that brings the year to the programme's uptake; a
// second miss is coded too, and waits
// for the yearly invitation. Draws from the stream s of its own.
func (w *worker) missedEyeScreen(per *person, reason string, day models.Date, s *distributions.Stream) {
	ep := w.plan.eyeScreening
	if ep.dna == nil {
		return
	}
	for offer := 0; offer < 2; offer++ {
		if day < per.firstDay || day > per.lastDay || per.screeningStopped(day) {
			return
		}
		if offer > 0 && s.Float64()*100 < ep.e.ReofferAttendPct() {
			w.recordEyeScreen(per, reason, day, s)
			return
		}
		w.codeMissedEyeScreen(per, day, s)
		if ep.e.ReofferDays[1] == 0 {
			return
		}
		day += models.Date(s.Range(ep.e.ReofferDays[0], ep.e.ReofferDays[1]))
	}
}

// codeMissedEyeScreen files the programme's notice of a missed appointment
// at a practice contact on day (seen by no one, as a screening programme's
// missed invitation is), coded as present.
func (w *worker) codeMissedEyeScreen(per *person, day models.Date, s *distributions.Stream) {
	ep := w.plan.eyeScreening
	sl, ok := w.bookGP(per, day, encGPConsultation, contactScreeningResult, s)
	if !ok {
		return
	}
	w.writeGP(per, &sl, "")
	o := w.observation(per, sl.id, sl.start.AddMinutes(5), ep.dna)
	o.ValueCode, o.ValueDisplay = ep.dna.Snomed, ep.dna.Term
	w.b.Observations = append(w.b.Observations, o)
}
