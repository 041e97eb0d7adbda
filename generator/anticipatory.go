package generator

import (
	"strings"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// anticipatoryMedicines prescribes the "just in case" medicines of an
// expected death (catalogue end_of_life anticipatory) at a GP home visit a
// few weeks before it (before an admission that day falls in), for a share of the people whose decline the GP sees,
// each against the palliative care register entry (regID). Each medicine
// passes the prescribing rules of the day: morphine gives way to oxycodone
// at a low eGFR. A stream of its own keeps every other draw of the death
// unchanged.
func (w *worker) anticipatoryMedicines(per *person, regID string) {
	eol := w.plan.Cat.EndOfLife
	if eol == nil || eol.Anticipatory == nil || regID == "" || len(w.plan.anticipatory) == 0 {
		return
	}
	a := eol.Anticipatory
	s, planned := w.homeDeathPlanned(per)
	if !planned {
		return
	}
	lo, hi := a.DaysBefore[0], a.DaysBefore[1]
	d := max(per.death-models.Date(lo+s.IntN(hi-lo+1)), per.eolStart)
	d, free := w.anticipatoryDay(per, d, per.death-models.Date(lo))
	if !free {
		return
	}
	enc, start, ok := w.gpVisit(per, d, encGPHomeVisit, per.causeID, &s)
	if !ok {
		return
	}
	for k := range w.plan.anticipatory {
		w.shortCourse(per, &w.plan.anticipatory[k], enc, regID, start.Date(), models.NoDate, &s)
	}
	w.resuscitationWhenDying(per, enc, start) // resuscitation.go
}

// homeDeathPlanned draws whether the person, in a terminal decline the GP
// sees, has anticipatory medicines prescribed: the plan to die at home (or
// in a hospice or care home) that they belong to (NICE NG31 1.8, QS144).
// The place of death (terminalAdmission) reads it before the medicines are
// written, so both come from this one draw; the stream is returned after
// it for the prescribing's own draws.
func (w *worker) homeDeathPlanned(per *person) (distributions.Stream, bool) {
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 4)
	eol := w.plan.Cat.EndOfLife
	if eol == nil || eol.Anticipatory == nil || len(w.plan.anticipatory) == 0 || !declines(per) || per.eolStart == 0 {
		return s, false
	}
	return s, s.Bernoulli(eol.Anticipatory.Share)
}

// symptomControl starts the medicines of end-of-life care for the cause of
// death (catalogue end_of_life symptom_control: oral morphine and a laxative
// in cancer) at the visit that begins the care (enc, on day), for a share of
// the people dying of it, against the condition they die of. The first
// medicine leads: when the prescribing rules of the day rule it out
// (morphine at a low eGFR), the rest (its laxative) is not started either.
//
// Pain starts them (brief h74d, cancerpain.go): the visit that begins the
// care when the person is in pain then, else a later visit about the pain.
func (w *worker) symptomControl(per *person, enc string, start models.Timestamp) {
	eol := w.plan.Cat.EndOfLife
	if eol == nil || eol.SymptomControl == nil || per.causeID == "" || !causeIn(per.causeCode, eol.SymptomControl.Causes) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 5)
	if !s.Bernoulli(eol.SymptomControl.Share) {
		return
	}
	step := 0          // the regular opioid's regimen step (h71c)
	limit := per.death // the oral medicines go on to the death, or to the syringe driver's day
	if sd := w.syringeDay(per); sd != 0 {
		limit = sd
	}
	enc, start, inPain := w.painStart(per, enc, start, limit)
	if !inPain {
		return
	}
	day := start.Date()
	n := len(w.b.Prescriptions)
	if !w.issueSymptomControl(per, enc, day, step, &s) {
		return
	}
	w.endOralBy(per, n, limit)
	// Reissued every supply (a controlled drug: 30 days at most) until the
	// death, at a visit about the cause: a home visit for the oldest, else a
	// telephone review. The regular opioid goes up a step at a reissue for
	// the share whose rescue doses show the pain uncontrolled (titrate), by
	// a stream of its own.
	ts := per.stream(w.plan.Opts.Seed, purposeOpioidTitration)
	every := models.Date(max(w.plan.symptomControl[0].Days, 1))
	kind := encGPTelephone
	if per.ageOn(per.death) >= eol.HomeVisitsFromAge {
		kind = encGPHomeVisit
	}
	for next := day + every; next < limit; next += every {
		e, start, ok := w.gpVisit(per, next, kind, per.causeID, &s)
		if !ok || start.Date() >= limit {
			return
		}
		if t := eol.SymptomControl.Titrate; t != nil && ts.Bernoulli(t.Share) {
			step = min(step+1, t.MaxStep)
		}
		n := len(w.b.Prescriptions)
		w.issueSymptomControl(per, e, start.Date(), step, &s)
		for i := n; i < len(w.b.Prescriptions); i++ {
			w.b.Prescriptions[i].Type = models.PrescriptionRepeat
		}
		w.endOralBy(per, n, limit)
		next = start.Date()
	}
}

// issueSymptomControl issues the symptom-control medicines at encounter enc
// on day, the first (the regular opioid) at regimen step; it reports false
// when the first (leading) one was ruled out.
func (w *worker) issueSymptomControl(per *person, enc string, day models.Date, step int, s *distributions.Stream) bool {
	for k := range w.plan.symptomControl {
		n := len(w.b.Prescriptions)
		c := w.plan.symptomControl[k]
		if k == 0 {
			c.Step = step
		}
		w.shortCourse(per, &c, enc, per.causeID, day, models.NoDate, s)
		if k == 0 && len(w.b.Prescriptions) > n {
			per.opioidStep = step // the syringe driver's dose follows it (syringedriver.go)
		}
		if k == 0 && len(w.b.Prescriptions) == n {
			return false
		}
	}
	return true
}

// causeIn reports whether an ICD-10 code starts with one of the prefixes.
func causeIn(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// anticipatoryDay is the day on which the anticipatory medicines' home
// visit asked for on day d can be booked as it is asked for: a working day
// out of hospital with no other GP contact, the first from d to last (the
// window's end), else the latest before d from the start of end-of-life
// care (before an admission that takes the window). Before (h59f), a day
// in a stay moved to the day before the admission and a taken day was
// booked forward, into the stay and past the death: 11 of 926 register
// deaths had none, 10 of them admitted in their last weeks (generate -n
// 20000 -s 83).
func (w *worker) anticipatoryDay(per *person, d, last models.Date) (models.Date, bool) {
	free := func(d models.Date) bool {
		return !ukClock.closed(d) && !per.gpDays.has(d) && !per.plannedDays.has(d) && !per.capsGPVisit(d) && !inStayOn(per, d)
	}
	for x := d; x <= last; x++ {
		if free(x) {
			return x, true
		}
	}
	for x := d - 1; x >= per.eolStart && x >= per.firstDay; x-- {
		if free(x) {
			return x, true
		}
	}
	return 0, false
}

// inStayOn reports whether the person is in hospital at some time on day d.
func inStayOn(per *person, d models.Date) bool {
	for _, st := range per.stays {
		if st.start.Date() <= d && d <= st.end.Date() {
			return true
		}
	}
	return false
}
