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
}

// buildEyeScreening resolves the diabetic eye screening programme.
func (p *Plan) buildEyeScreening(e *datasets.DiabeticEye) error {
	code, _ := datasets.ObservationByKey(e.Observation)
	ep := &eyePlan{e: e, code: code}
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
	due := row.OnsetDate + models.Date(s.Range(e.FirstDays[0], e.FirstDays[1]))
	if from := per.birthday(e.FromAge); due < from {
		due = from
	}
	for first := true; due <= per.lastDay && !per.inEndOfLifeCare(due); first = false {
		attends := s.Float64()*100 < e.AttendPct
		day := due + models.Date(s.Range(e.DelayDays[0], e.DelayDays[1]))
		if first {
			// the first appointment is the one offered within first_days of
			// the diagnosis (brief h69d), no later; the delay is still drawn
			// so the later screens' draws do not move
			day = due
		}
		if attends && day >= per.firstDay && day <= per.lastDay && !per.inEndOfLifeCare(day) {
			w.recordEyeScreen(per, hc.id, day, &s)
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
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	id := w.addEncounter(per, encEyeScreening, settingOutpatient, start, start.AddMinutes(30), reason, "")
	o := w.observation(per, id, start.AddMinutes(15), &ep.code)
	o.ValueCode, o.ValueDisplay = ep.e.Result.Code, ep.e.Result.Display
	w.b.Observations = append(w.b.Observations, o)
}
