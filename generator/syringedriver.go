package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A syringe driver in the last days (h71c, issue 9). A GP review found the
// anticipatory medicines prescribed and the oral morphine and senna of
// cancer running to the day of death, with no continuous subcutaneous
// infusion anywhere. When the oral route is lost, the medicines of the last
// days go on by syringe pump (NICE NG31 1.6-1.8; catalogue end_of_life
// syringe_driver): a GP home visit in the last days prescribes the opioid
// (at half the oral regular dose a day) and midazolam over 24 hours, and the
// oral symptom-control medicines and long-term oral medicines end the day
// before.

// syringeDay is the day the syringe driver is set up, 0 when there is none:
// drawn, by a stream of its own, for a share of the people with anticipatory
// medicines who die out of hospital, days_before the death, moved back to a
// working day (a GP visits in core hours; days_before + 3 at most) and not
// in a stay. The symptom-control reissues read it (to end the oral
// medicines) before the visit is written: it is drawn once (per.syringeOn).
func (w *worker) syringeDay(per *person) models.Date {
	if !per.syringeDrawn {
		per.syringeOn, per.syringeDrawn = w.drawSyringeDay(per), true
	}
	return per.syringeOn
}

func (w *worker) drawSyringeDay(per *person) models.Date {
	sd := w.plan.Cat.EndOfLife.SyringeDriver
	if sd == nil || per.death == models.NoDate || inStayOn(per, per.death) {
		return 0
	}
	if _, planned := w.homeDeathPlanned(per); !planned {
		return 0
	}
	// A scenario member whose author names medicines they are on (read on
	// the day of death: scenario/satisfy.go) keeps them to the end: no
	// syringe driver ends them the day before (frailty-polypharmacy's
	// "died this year" members on apixaban, bisoprolol, ...).
	if per.cohort != nil && len(per.cohort.drugs) > 0 {
		return 0
	}
	s := per.stream(w.plan.Opts.Seed, purposeSyringeDriver)
	if !s.Bernoulli(sd.Share) {
		return 0
	}
	lo, hi := sd.DaysBefore[0], sd.DaysBefore[1]
	d := per.death - models.Date(lo+s.IntN(hi-lo+1))
	for ; ukClock.closed(d) && d > per.death-models.Date(hi+3); d-- {
	}
	if ukClock.closed(d) || d < per.eolStart || d < per.firstDay {
		return 0
	}
	for x := d; x <= per.death; x++ {
		if inStayOn(per, x) {
			return 0
		}
	}
	return d
}

// syringeDriver prescribes the syringe driver, against the palliative care
// register entry (regID), at a GP home visit on its day or a day up to 3
// days before it (syringeDay has moved it back to a working day already, so
// up to days_before + 6 before the death): the home visit already
// booked then, or one booked on a free day (the oral medicines that end the
// day before its day end before this one too: oralEndsAtSyringe). Its
// medicines are on the syringe_driver ladder, the opioid at the step the
// regular oral opioid had reached (per.opioidStep).
func (w *worker) syringeDriver(per *person, regID string) {
	d := w.syringeDay(per)
	if d == 0 || regID == "" {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeSyringeDriver, 1)
	enc, start := w.lastDaysHomeVisit(per, d, &s)
	if enc == "" {
		return
	}
	for _, sc := range w.plan.syringe {
		if sc.meds.inClass("opioid") { // midazolam's steps are its renal dose (h72g), not the opioid's
			sc.Step = per.opioidStep
		}
		w.shortCourse(per, &sc, enc, regID, start.Date(), models.NoDate, &s)
	}
	w.stopOralCourses(per, start.Date())
	per.syringeSet = start.Date() // the rest of what is taken by mouth ends at the end (oralEndsAtSyringe)
}

// lastDaysHomeVisit is the GP home visit of the last days on day d or up
// to 3 days before it: the home visit already booked then, or one booked
// on a free day; "" when none fits.
func (w *worker) lastDaysHomeVisit(per *person, d models.Date, s *distributions.Stream) (string, models.Timestamp) {
	home := w.plan.encTypes[encGPHomeVisit].Code
	for x := d; x >= d-3 && x >= per.eolStart && x >= per.firstDay; x-- {
		if k := w.gpContactOn(per, x); k >= 0 {
			if e := &w.b.Encounters[k]; e.TypeCode == home {
				return e.EncounterID, e.StartTime
			}
			continue
		}
		if ukClock.closed(x) || per.plannedDays.has(x) || per.capsGPVisit(x) || inStayOn(per, x) {
			continue
		}
		if id, st, ok := w.gpVisit(per, x, encGPHomeVisit, per.causeID, s); ok && st.Date() <= per.death {
			return id, st
		}
	}
	return "", 0
}

// stopOralCourses stops on day d the long-term medicines taken by mouth
// that still run: the syringe driver is set up because the person can no
// longer swallow, so an apixaban, a beta-blocker or a statin issued to the
// day of death beside it is a record no GP believes (NICE NG31 1.5: stop
// medicines not providing symptomatic benefit; the oral route is lost).
// Injections, implants, inhalers and patches go on (insulin is kept in the
// last days, Diabetes UK / Trend end of life diabetes care, approx); a
// scenario's forced medicine goes on.
func (w *worker) stopOralCourses(per *person, d models.Date) {
	for k := range per.courses {
		c := &per.courses[k]
		if c.forced || !c.running(d) || c.reg == nil {
			continue
		}
		if oralForm(c.reg.Form) {
			w.stopCourse(per, k, d)
		}
	}
}

// oralEndsAtSyringe ends, the day before the syringe driver was set up,
// every other prescription taken by mouth that runs on its day: a medicine
// issued outside the courses (an anticoagulant's repeat) or written after
// the end-of-life care (HRT, iron); one begun on or after it is withdrawn.
// Run once every issue is written.
func (w *worker) oralEndsAtSyringe(per *person) {
	d := per.syringeSet
	if d == 0 {
		return
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PatientID != per.id || (rx.EndDate != models.NoDate && rx.EndDate < d) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); !ok || !oralForm(g.Form) {
			continue
		}
		if rx.StartDate >= d { // begun once the person could no longer swallow: never issued
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			continue
		}
		rx.EndDate = d - 1
	}
}

// oralForm reports whether a regimen form is taken by mouth.
func oralForm(form string) bool {
	return form == "solid" || form == "dispersible" || form == "liquid"
}

// syringeCourse is a syringe-driver medicine as a short course on the
// ladder's regimens (its if_ruled_out alternative too: oxycodone for
// morphine at a low eGFR), resolved with the plan.
func (p *Plan) syringeCourse(c datasets.ShortCourse, ladder string) shortCoursePlan {
	sc := p.shortCourse(c, p.optionPlan(datasets.DrugOption{Drug: c.Drug, Ladder: ladder}))
	if c.IfRuledOut != "" {
		sc.last = p.optionPlan(datasets.DrugOption{Drug: c.IfRuledOut, Ladder: ladder})
	}
	return sc
}

// endOralBy ends the day before limit the prescriptions issued from index n
// on that run past it: the oral medicines stop when the syringe driver
// takes over (limit is the death when there is none: nothing ends).
func (w *worker) endOralBy(per *person, n int, limit models.Date) {
	if limit == per.death {
		return
	}
	for i := n; i < len(w.b.Prescriptions); i++ {
		if rx := &w.b.Prescriptions[i]; rx.StartDate < limit && rx.EndDate >= limit {
			rx.EndDate = limit - 1
		}
	}
}
