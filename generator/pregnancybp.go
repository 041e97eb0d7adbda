package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A raised antenatal blood pressure answered (issue 9, brief h54f). Before,
// the midwife recorded a blood pressure at every antenatal appointment
// (session 53) and nothing followed one of 140/90 or more: 373 antenatal
// diastolic readings of 90 or more, none acted on (generate -n 20000 -s 83).
// NICE NG133 (2019): from 20 weeks a new blood pressure of 140/90 or more is
// assessed the same day in secondary care (the reading repeated, the urine
// tested for protein); gestational hypertension when it stays raised; before
// 20 weeks it is chronic hypertension, seen by the obstetric team. The
// usual blood pressure also falls in mid-pregnancy (pregnancy.yaml bp_fall),
// so fewer readings are raised in the first place. pregnancy.yaml raised_bp.

// raisedBPPlan is pregnancy.yaml raised_bp resolved: the checks of the
// assessment.
type raisedBPPlan struct {
	r      *datasets.RaisedBP
	checks []antenatalCheck
	bloods []antenatalCheck // at the assessment of a pressure still raised (brief fxb)
	med    *medPlan         // the treatment's medicine (nil: none)
	meds   []*medPlan       // its medicines in order of choice: med, then if_ruled_out (brief h69c)
	held   []string         // the problems after which a raised reading is the obstetric team's
	pcr    *datasets.ObservationCode
	neg    string // the negative urine test's code, which proteinuria replaces

	// postnatal: the checks of the blood pressure check after the birth
	// (brief h68d; pregnancypostnatalbp.go)
	postnatal []antenatalCheck
}

// buildRaisedBP resolves the assessment's checks (buildMidwife's resolution)
// and checks its chronic hypertension keys against the catalogue.
func (p *Plan) buildRaisedBP(pp *pregnancyPlan) error {
	r := &pp.p.RaisedBP
	if r.Systolic <= 0 {
		return nil
	}
	for _, k := range r.Chronic {
		if _, ok := p.condIndex[k]; !ok {
			return fmt.Errorf("pregnancy.yaml raised_bp: chronic %q is not in the catalogue", k)
		}
	}
	rb := &raisedBPPlan{r: r, held: []string{r.Problem.Key}}
	if pe := r.PreEclampsia; pe != nil {
		code, _ := datasets.ObservationByKey(pe.Observation)
		neg, _ := datasets.ObservationByKey(pe.Negative)
		rb.pcr, rb.neg, rb.held = &code, neg.Snomed, append(rb.held, pe.Problem.Key)
	}
	if t := r.Treatment; t != nil {
		if rb.med = p.medPlans[t.Medicine]; rb.med == nil {
			return fmt.Errorf("pregnancy.yaml raised_bp treatment: %q has no prescribable medicine", t.Medicine)
		}
		rb.meds = []*medPlan{rb.med}
		if k := t.IfRuledOut; k != "" {
			m := p.medPlans[k]
			if m == nil {
				return fmt.Errorf("pregnancy.yaml raised_bp treatment if_ruled_out: %q has no prescribable medicine", k)
			}
			rb.meds = append(rb.meds, m)
		}
	}
	resolve := func(keys []string) (out []antenatalCheck, err error) {
		for _, key := range keys {
			c, err := p.antenatalCheckOf(key) // pregnancymidwife.go
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	var err error
	if rb.checks, err = resolve(r.Checks); err != nil {
		return err
	}
	if rb.bloods, err = resolve(r.Bloods); err != nil {
		return err
	}
	if pn := r.Postnatal; pn != nil {
		if rb.postnatal, err = resolve(pn.Checks); err != nil {
			return err
		}
	}
	pp.raisedBP = rb
	return nil
}

// pregnancyBPFall is how far the usual blood pressure (slot systolic or
// diastolic) sits below the woman's own on day d of a pregnancy: rising to
// the bp_fall at its nadir, back to none by its back day.
func (w *worker) pregnancyBPFall(per *person, slot int, d models.Date) float64 {
	pp := w.plan.pregnancy
	if pp == nil || len(per.pregnancies) == 0 || (slot != w.plan.slots.systolic && slot != w.plan.slots.diastolic) {
		return 0
	}
	f := &pp.p.BPFall
	if f.NadirDay == 0 {
		return 0
	}
	full := f.Systolic
	if slot == w.plan.slots.diastolic {
		full = f.Diastolic
	}
	for i := range per.pregnancies {
		pg := &per.pregnancies[i]
		if d < pg.lmp || d >= pg.end {
			continue
		}
		day := int(d - pg.lmp)
		switch {
		case day <= f.NadirDay:
			return full * float64(day) / float64(f.NadirDay)
		case day < f.BackDay:
			return full * float64(f.BackDay-day) / float64(f.BackDay-f.NadirDay)
		}
	}
	return 0
}

// raisedPressure answers the blood pressure the midwife just took (at
// encounter enc, started at t) in the woman's i-th pregnancy (problem row
// id) when it is 140/90 or more and stays so when taken again at the same
// appointment (raised_bp repeat_minutes): from 20 weeks a maternity
// assessment the same day, the reading repeated with a urine test, and gestational
// hypertension coded when it stays raised; before 20 weeks the obstetric
// clinic within days. Not again once gestational hypertension is coded
// (the obstetric team follows it). Its own stream per reading.
func (w *worker) raisedPressure(per *person, i int, id, enc string, t models.Timestamp) {
	rb := w.plan.pregnancy.raisedBP
	if rb == nil {
		return
	}
	at := t.AddMinutes(5) // antenatalChecks' time
	if !w.pressureRaised(per, at) || w.holdsAny(per, rb.held, at.Date()) {
		return
	}
	if m := rb.r.RepeatMinutes; m > 0 { // taken again after a rest: a repeat that settles is not referred
		at = at.AddMinutes(m)
		rs := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 8, uint64(at.Date()))
		w.anyAge = true // as antenatalChecks
		w.observe(per, enc, at, w.plan.slots.systolic, &rs)
		w.observe(per, enc, at, w.plan.slots.diastolic, &rs)
		w.anyAge = false
		if !w.pressureRaised(per, at) {
			return
		}
	}
	pg := &per.pregnancies[i]
	d := at.Date()
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 3, uint64(d))
	if int(d-pg.lmp) < rb.r.GestationalFromDay {
		// chronic hypertension found in pregnancy: the obstetric clinic
		if day := d + models.Date(between(rb.r.ClinicDays, &s)); day+7 < pg.end && day <= per.lastDay {
			if ce, start, ok := w.outpatientAt(per, day, id, &s); ok {
				w.typeEncounter(per, ce, &rb.r.Assessment)
				w.antenatalChecks(per, ce, start, rb.checks, &s)
			}
		}
		return
	}
	start := at.AddMinutes(60 + 10*s.IntN(18)) // the maternity unit, later that day
	if start.Date() != d || start.Date() >= pg.end {
		return
	}
	if _, in := inStay(per, start); in {
		return
	}
	ae := enc // written at the appointment that referred her, which lasts until the unit is done (pregnancyoneday.go)
	w.extendTo(per, ae, start.AddMinutes(120+10*s.IntN(12)))
	w.antenatalChecks(per, ae, start, w.findingsNotAt(per, ae, rb.checks), &s) // the urine already tested there is the sample (pregnancyoneday.go)
	if !w.pressureRaised(per, start.AddMinutes(5)) {
		return // settled on the repeat (home, the midwife's schedule goes on)
	}
	w.antenatalChecks(per, ae, start, w.notYetAt(per, ae, rb.bloods), &s) // NICE NG133: bloods at presentation (one count an appointment)
	if pe := w.preEclampsia(per, i, ae, d); pe != "" {                    // preeclampsia.go
		per.partOf = append(per.partOf, [2]string{pe, id})
		w.treatGestationalBP(per, i, pe, ae, d)
		return
	}
	if w.holdsAny(per, rb.r.Chronic, d) {
		return // her known hypertension
	}
	p := rb.r.Problem
	p.Days = int(pg.end-d) + rb.r.ResolveDays
	gh := w.codeResultProblem(per, &p, ae, d)
	if e := w.encounterByID(per, ae); e != nil && gh != "" {
		e.ReasonConditionID = gh // the assessment is about what it found
	}
	if gh != "" {
		per.partOf = append(per.partOf, [2]string{gh, id})
		w.treatGestationalBP(per, i, gh, ae, d) // pregnancybptreat.go
	}
}

// pressureRaised reports whether the blood pressure recorded at time at is
// at or above raised_bp (systolic or diastolic).
func (w *worker) pressureRaised(per *person, at models.Timestamp) bool {
	r := w.plan.pregnancy.raisedBP.r
	sl := &w.plan.slots
	sys := per.hasLast[sl.systolic] && per.lastAt[sl.systolic] == at && per.lastVal[sl.systolic] >= r.Systolic
	dia := per.hasLast[sl.diastolic] && per.lastAt[sl.diastolic] == at && per.lastVal[sl.diastolic] >= r.Diastolic
	return sys || dia
}
