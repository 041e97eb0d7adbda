package generator

import (
	"math"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// vtePlan is the catalogue's venous thromboembolism resolved once
// (datasets/vte.go): the anticoagulant, the D-dimer's code and the cancer
// condition whose first year raises the rate.
type vtePlan struct {
	*datasets.VTE
	meds      []*medPlan // by Drugs
	test      datasets.ObservationCode
	notBeside []*medPlan // no VTE is drawn beside these (notBesideFrom)
	cancer    int        // condition index, -1 when the catalogue has none
	doseOf    int        // dose_of's condition index (atrial fibrillation), -1: none
}

func newVTEPlan(p *Plan) *vtePlan {
	v := p.Cat.VTE
	if v == nil {
		return nil
	}
	vp := &vtePlan{VTE: v, cancer: -1, doseOf: -1}
	if ci, ok := p.condIndex[v.DoseOf]; ok && v.DoseOf != "" {
		vp.doseOf = ci
	}
	for _, k := range v.NotBeside {
		if m := p.medPlans[k]; m != nil {
			vp.notBeside = append(vp.notBeside, m)
		}
	}
	for _, d := range v.Drugs {
		if vp.meds = append(vp.meds, p.medPlans[d.Drug]); p.medPlans[d.Drug] == nil {
			return nil
		}
	}
	vp.test, _ = datasets.ObservationByKey(v.Test) // the catalogue check found it
	if ci := p.condIndexes([]string{"cancer"}); len(ci) > 0 {
		vp.cancer = ci[0]
	}
	return vp
}

// vte draws a person's deep vein thromboses and pulmonary emboli, a
// calendar year at a time on a stream of their own (purposeVTE), after
// every stay is written: the rate by age is raised within a year of a
// cancer's diagnosis and for 90 days after a stay ends. Candidate days are
// drawn at the highest rate the year can reach and kept by the rate on the
// day (thinning), so each day's risk is its own.
func (w *worker) vte(per *person) {
	v := w.plan.vte
	// nor for a scenario member put on a medicine: the anticoagulant
	// stops an antiplatelet the scenario asks for (ckd-cardiovascular's
	// aspirin, once merged with the heart-attack branch's draws)
	if v == nil || (per.cohort != nil && len(per.cohort.drugs) > 0) {
		return
	}
	var last models.Date // onset of the latest event: none while it is treated
	calendarYears(per, purposeVTE, w.plan.Opts.Seed, func(from, to models.Date, age int, frac float64, s *distributions.Stream) {
		base := v.Rate[w.plan.Cat.BandOf(age)] / 1000
		top := base * v.CancerRR * v.AdmissionRR
		for n := s.Poisson(top * frac); n > 0; n-- {
			day, u, form := dayIn(from, to, s), s.Float64(), s.Float64()
			if per.ageOn(day) < v.MinAge || (last != 0 && day-last < models.Date(v.ProvokedDays)) {
				continue
			}
			cancer, admitted := w.vteCancer(per, day), vteAfterStay(per, day, v.AdmissionDays)
			r := base
			if cancer {
				r *= v.CancerRR
			}
			if admitted {
				r *= v.AdmissionRR
			}
			if u*top >= r || w.notBesideFrom(per, day) {
				continue
			}
			pe := form < v.PEShare[w.plan.Cat.BandOf(per.ageOn(day))]
			if w.vteEvent(per, day, pe, cancer, admitted, s) {
				last = day
			}
		}
	})
}

// notBesideFrom reports whether a medicine of not_beside (ticagrelor) is
// issued on or after day d: with an anticoagulant, NICE NG185 gives
// clopidogrel instead, a switch the model does not make, so no VTE is drawn
// for the person then (rare: a year's ticagrelor after a heart attack).
func (w *worker) notBesideFrom(per *person, d models.Date) bool {
	for _, m := range w.plan.vte.notBeside {
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
			if rx := &w.b.Prescriptions[k]; (rx.EndDate == models.NoDate || rx.EndDate >= d) && m.issues(rx.DMDCode) {
				return true
			}
		}
		for k := range per.courses {
			if c := &per.courses[k]; c.med == m.med && (c.stop == models.NoDate || c.stop > d) {
				return true
			}
		}
	}
	return false
}

// vteCancer reports whether a cancer was diagnosed within cancer_years
// before day d (active cancer).
func (w *worker) vteCancer(per *person, d models.Date) bool {
	v := w.plan.vte
	if v.cancer < 0 {
		return false
	}
	k := heldIndex(per, v.cancer)
	return k >= 0 && per.conds[k].onset <= d && float64(d-per.conds[k].onset) < v.CancerYears*365.25
}

// vteCancerDays is a cancer-associated clot's course from day d: cancer_days
// at least (NICE NG158 1.3: 3 to 6 months), and on past its review while
// the cancer is active, to the end of cancer_years from its diagnosis (brief
// h69g: 21 of 30 courses stopped at 6 months with the cancer active).
func (w *worker) vteCancerDays(per *person, d models.Date) int {
	v := w.plan.vte
	k := heldIndex(per, v.cancer)
	active := per.conds[k].onset + models.Date(v.CancerYears*365.25) - d
	return max(v.CancerDays, int(active))
}

// vteAfterStay reports whether a stay ended within days before day d.
func vteAfterStay(per *person, d models.Date, days int) bool {
	for _, st := range per.stays {
		if e := st.end.Date(); e < d && d-e <= models.Date(days) {
			return true
		}
	}
	return false
}

// vteEvent writes one event on day d: the A&E attendance (and, for a
// pulmonary embolism, the admission from it), the coded diagnosis, the
// raised D-dimer and the anticoagulant. It reports false when the day
// falls in a stay or after the record ends.
func (w *worker) vteEvent(per *person, d models.Date, pe, cancer, provoked bool, s *distributions.Stream) bool {
	v := w.plan.vte
	form := &v.DVT
	if pe {
		form = &v.PE
	}
	start := anyHour(d, s)
	if _, in := inStay(per, start); in || d > per.lastDay || d < per.firstDay {
		return false
	}
	condID := w.ids.row(tagCondition)
	var encID string
	if form.Admitted {
		if encID = w.emergencyAdmissionVia(per, d, per.ageOn(d), condID, true, s); encID == "" {
			return false
		}
		w.vteStay(per, form, d)
		start = w.b.Encounters[len(w.b.Encounters)-2].StartTime // the A&E attendance
		w.dischargeBeforeContacts(per)
	} else {
		end := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
		encID = w.addEncounter(per, encAE, settingAE, start, end, condID, "")
	}
	days := v.ProvokedDays // a provoked clot: 3 months
	switch {
	case cancer:
		days = w.vteCancerDays(per, d)
	case !provoked && s.Bernoulli(v.UnprovokedLongTerm):
		days = 0 // unprovoked, kept on it long-term
	}
	recur := w.extendedVTEIssue(per, d) // a clot on the extended dose: treated again, then long-term
	if recur >= 0 {
		days = 0
	}
	resolved := models.NoDate
	if days > 0 {
		resolved = per.resolvedAfter(d, models.Date(days))
	} else if per.death != models.NoDate {
		resolved = per.death
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID: condID, PatientID: per.id, ConditionKey: form.Key, SnomedCode: form.Snomed, ICD10Code: form.ICD10,
		Description: form.Description, OnsetDate: d, ResolvedDate: resolved, DiagnosisEncounterID: encID,
	})
	if recur >= 0 {
		w.endOnRecurrence(per, recur, d, condID) // vtedose.go
	}
	o := w.observation(per, encID, start.AddMinutes(40), &v.test)
	x := math.Round((v.TestHigh[0]+s.Float64()*(v.TestHigh[1]-v.TestHigh[0]))*100) / 100
	o.Value, o.Unit = &x, v.test.Unit
	w.b.Observations = append(w.b.Observations, o)
	w.vteAnticoagulant(per, encID, condID, d, o.EffectiveTime, days, s)
	return true
}

// vteStay gives a pulmonary embolism's admission its own stay (stay_days
// and stay_spread), as an onset event's is (hospital.go eventStay, on its
// own stream keyed by the day).
func (w *worker) vteStay(per *person, form *datasets.VTEForm, d models.Date) {
	w.eventStay(per, &datasets.OnsetEvent{StayDays: form.StayDays, StaySpread: form.StaySpread}, d)
}

// anticoagulantIssued reports whether an anticoagulant issue already on the
// record runs on day d (an earlier VTE's long-term course).
func (w *worker) anticoagulantIssued(per *person, d models.Date) bool {
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
		rx := &w.b.Prescriptions[k]
		if rx.StartDate > d || (rx.EndDate != models.NoDate && rx.EndDate < d) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && datasets.InClass(g.Medicine, "anticoagulant") {
			return true
		}
	}
	return false
}

// dischargeBeforeContacts ends the stay just written (its admission the
// batch's last encounter) before the first contact already on the record
// that falls inside it: the VTE is drawn once every other contact is
// written, and a patient in a hospital bed does not attend the practice.
func (w *worker) dischargeBeforeContacts(per *person) {
	n := len(w.b.Encounters) - 1
	adm := &w.b.Encounters[n]
	cut := adm.EndTime
	for i := n - 2; i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if e := &w.b.Encounters[i]; e.StartTime > adm.StartTime && e.StartTime <= cut {
			cut = e.StartTime.AddMinutes(-1)
		}
	}
	if cut < adm.EndTime {
		adm.EndTime = max(cut, adm.StartTime.AddMinutes(1))
		per.stays[len(per.stays)-1].end = adm.EndTime
	}
}

// vteAnticoagulant starts the first of the catalogue's DOACs that suits at
// the diagnosis: its loading dose for loading_days, then its usual dose (at
// the renal step) to the end of the course (days; 0: long-term). A person
// already on an anticoagulant keeps it (not two at once), and a course of
// one that starts later takes over the day before it starts; none when the
// prescribing rules rule every choice out (an eGFR below 15). Its baseline
// bloods are taken with the sample of the D-dimer (at sampled) before it,
// and its review and blood tests booked once it is issued (vtecare.go).
func (w *worker) vteAnticoagulant(per *person, encID, condID string, d models.Date, sampled models.Timestamp, days int, s *distributions.Stream) {
	v := w.plan.vte
	if w.classRunning(per, "anticoagulant", d, -1) || w.anticoagulantIssued(per, d) {
		return
	}
	end := models.NoDate
	if days > 0 {
		end = d + models.Date(days) - 1
	}
	for k := range per.courses {
		if c := &per.courses[k]; c.meds.inClass("anticoagulant") && c.start > d && (end == models.NoDate || c.start <= end) {
			end = c.start - 1
		}
	}
	cs := per.stream(w.plan.Opts.Seed, purposeVTECare, uint64(d))
	if d >= per.firstDay {
		w.vteBaselineBloods(per, encID, sampled, &cs) // with the D-dimer's sample (vtecare.go)
	}
	egfr, age := w.latestEGFR(per, d), per.ageOn(d)
	for i, dr := range v.Drugs {
		m := v.meds[i]
		loadEnd := d + models.Date(dr.LoadingDays) - 1
		if (end != models.NoDate && end <= loadEnd) || !w.allowedCourse(per, m, d, loadEnd, egfr) {
			continue
		}
		step, reduced := 0, w.lowerDoseDue(per, m, d)
		if r := m.renal; r != nil {
			if rs, ok := r.DoseStep(egfr); ok {
				step, reduced = rs, true
			}
		}
		if reduced && dr.NotWhenReduced {
			continue
		}
		reg, load := m.regimen(age, step), m.regimen(age, dr.LoadingStep)
		if reg == nil || load == nil || load.Step != dr.LoadingStep {
			continue
		}
		loading := *load
		loading.DoseText = dr.LoadingDose
		// The practice takes the usual dose on at a contact once the loading
		// ends, and the usual dose starts the day after it (BNF apixaban: 10
		// mg twice daily for 7 days, then 5 mg twice daily; brief h70c: the
		// contact came in the loading's last days, and 154 of 197 courses
		// had both doses issued for the same days, read as 15 mg twice
		// daily). An issue starts at its contact and the practice opens on
		// working days, so the attendance's supply runs to the day before
		// the practice's contact, its dose text going on to the tablet's own
		// usual dose as a starter supply's does (apixaban 5 mg twice daily;
		// rivaroxaban 15 mg daily for the days before the practice's 20 mg:
		// model, a weekend at most on the lower dose rather than a gap).
		gpID, gp, ok := w.gpVisit(per, loadEnd+1, encGPProblem, condID, s)
		last := loadEnd
		if ok {
			last = gp.Date() - 1
		}
		if end != models.NoDate && last > end {
			last, ok = end, false // another anticoagulant's course takes over first
		}
		if last > loadEnd {
			loading.DoseText = dr.LoadingDose + ", then " + strings.TrimPrefix(load.DoseText, "Take ")
		}
		w.issue(per, encID, condID, &loading, d, min(last, per.lastDay), models.PrescriptionAcute)
		if !ok {
			per.vteSpans = append(per.vteSpans, [2]models.Date{d, min(last, per.lastDay)})
			return
		}
		switch {
		case per.death != models.NoDate && (end == models.NoDate || end >= per.death):
			end = per.death
		case end == models.NoDate || end >= per.lastDay:
			end = models.NoDate
		}
		w.issue(per, gpID, condID, reg, gp.Date(), end, models.PrescriptionRepeat)
		per.vteSpans = append(per.vteSpans, [2]models.Date{d, end})
		r := d + models.Date(v.ReviewDays[0]+cs.IntN(v.ReviewDays[1]-v.ReviewDays[0]+1))
		if days == 0 {
			// kept on it long-term (unprovoked): the 3-month review goes on
			// with it, a review 6 months in moves it to its extended dose
			// (apixaban 2.5 mg), and it is reviewed every year after (brief
			// h68a; before, one row with no end, never reviewed again)
			plan, x := []models.Date{r}, models.NoDate
			if v.ExtendedAfterDays > 0 && dr.ExtendedStep > 0 {
				if g := m.regimen(age, dr.ExtendedStep); g != nil && g.Step == dr.ExtendedStep && step < dr.ExtendedStep {
					x = d + models.Date(v.ExtendedAfterDays+cs.IntN(15))
					plan = append(plan, x)
				}
			}
			w.reviewRows(per, []int{len(w.b.Prescriptions) - 1}, condID, plan, w.vteRedose(per, m, &dr, step, d, x), &cs)
			r = models.NoDate
		} else if days > v.CancerDays {
			// an active cancer's clot, treated past cancer_days: the 3-month
			// review, a review at cancer_days that goes on with it while the
			// cancer is active, then a yearly one (NICE NG158 1.3; brief h69g)
			x := d + models.Date(v.CancerDays-14+cs.IntN(15))
			w.reviewRows(per, []int{len(w.b.Prescriptions) - 1}, condID, []models.Date{r, x}, w.vteRedose(per, m, &dr, step, d, models.NoDate), &cs)
			r = models.NoDate
		}
		w.vteFollowUp(per, m, condID, d, end, r, &cs)
		return
	}
}

// stopBesideVTE ends, the day before a VTE's anticoagulant starts, an issue
// of a medicine the prescribing rules rule out beside an anticoagulant (an
// NSAID, an antiplatelet: prescribing.yaml contraindications
// class_running) running into it, and withdraws one issued while it runs.
// It runs once every issue is written: the VTE is drawn after the chronic
// care and the episodes whose issues it meets.
func (w *worker) stopBesideVTE(per *person) {
	for _, sp := range per.vteSpans {
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || (sp[1] != models.NoDate && rx.StartDate > sp[1]) || (rx.EndDate != models.NoDate && rx.EndDate < sp[0]) {
				continue
			}
			g, ok := datasets.RegimenByDMD(rx.DMDCode)
			if m := w.plan.medPlans[g.Medicine]; !ok || m == nil || !slices.Contains(m.contraCls, "anticoagulant") {
				continue
			}
			if rx.StartDate < sp[0] {
				rx.EndDate = sp[0] - 1
				w.eachCompanion(per, rx, func(c *models.Prescription) {
					if c.EndDate == models.NoDate || c.EndDate >= sp[0] {
						c.EndDate = sp[0] - 1
					}
				})
				continue
			}
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			// the PPI issued beside it goes with it (a PPI protects an
			// antiplatelet: 24 of 2,367 vascular PPIs ran on with none),
			// and an acute course (a gout flare's naproxen) is replaced by
			// its own alternative, as when the kidneys rule it out
			w.withdrawCompanion(per, rx)
			if m := w.rxPlan(rx); m != nil && rx.Type == models.PrescriptionAcute {
				for _, is := range per.renalAcute {
					if is.rx == k && plainAlternative(is.course) {
						w.replaceAcute(per, is, m)
					}
				}
			}
		}
	}
}

// plainAlternative reports whether a short course's alternatives can be
// issued on their own in a withdrawn issue's place: none comes with a
// companion or needs another medicine tried first (co-codamol needs its
// laxative and paracetamol before it at 80+, which a replacement written
// after the course cannot give), as colchicine for a gout flare can.
func plainAlternative(c *shortCoursePlan) bool {
	for _, m := range [...]*medPlan{c.last, c.then} {
		if m != nil && (m.companion != nil || m.triedFirst != nil) {
			return false
		}
	}
	return true
}
