package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Gestational diabetes screened and coded (brief h66e, NICE NG3). Before, no
// pregnancy had an OGTT or gestational diabetes (generate -n 20000 -s 83).
// A pregnancy with a risk factor (BMI above 30, a high-risk ethnic group, a
// previous gestational diabetes) has the 75 g OGTT at 24-28 weeks (and early
// after a previous one); its readings come from the pregnancy's glucose
// state, and the thresholds diagnose it. Diet first, metformin when the
// targets are not met, insulin at a high fasting glucose, all stopped at the
// birth; a fasting glucose at the postnatal check. pregnancy.yaml gdm.

// gdmPlan is pregnancy.yaml gdm resolved.
type gdmPlan struct {
	g                *datasets.GDM
	fasting, twoHour *datasets.ObservationCode
	metformin        *medPlan
	insulin          *medPlan
	clinicChecks     []antenatalCheck // the antenatal diabetes clinic's checks (brief h75g)
}

// buildGDM resolves the OGTT's observation codes and the medicines.
func (p *Plan) buildGDM(pp *pregnancyPlan) error {
	g := pp.p.GDM
	if g == nil {
		return nil
	}
	gp := &gdmPlan{g: g}
	for _, r := range []struct {
		key string
		to  **datasets.ObservationCode
	}{{g.Fasting, &gp.fasting}, {g.TwoHour, &gp.twoHour}} {
		code, ok := datasets.ObservationByKey(r.key)
		if !ok || code.Unit == "" {
			return fmt.Errorf("pregnancy.yaml gdm: %q is not a measurement of observation_codes.csv", r.key)
		}
		*r.to = &code
	}
	for _, r := range []struct {
		key, ladder string
		to          **medPlan
	}{{g.Metformin, "", &gp.metformin}, {g.Insulin, g.InsulinLadder, &gp.insulin}} {
		if *r.to = p.optionPlan(datasets.DrugOption{Drug: r.key, Ladder: r.ladder}); *r.to == nil || len((*r.to).regimens) == 0 {
			return fmt.Errorf("pregnancy.yaml gdm: %q (ladder %q) has no prescribable medicine", r.key, r.ladder)
		}
	}
	if g.MetforminInsulinPct < 0 || g.MetforminInsulinPct > 100 || g.MetforminInsulinDays[1] < g.MetforminInsulinDays[0] {
		return fmt.Errorf("pregnancy.yaml gdm: metformin_insulin_pct must be 0-100 and metformin_insulin_days ordered")
	}
	for _, key := range g.ClinicChecks {
		c, err := p.antenatalCheckOf(key)
		if err != nil {
			return fmt.Errorf("pregnancy.yaml gdm clinic_checks: %w", err)
		}
		gp.clinicChecks = append(gp.clinicChecks, c)
	}
	pp.gdm = gp
	return nil
}

// gdmState is the glucose state of the woman's i-th pregnancy as drawn: the
// OGTT readings it gives (mmol/L), whether it is raised already at the
// early test, and the readings of an early test before a late onset. Its own
// stream (sub-key 9), every draw made, so that it is the same whenever it is
// asked.
type gdmState struct {
	fasting, twoHour float64
	early            bool
	before           [2]float64 // fasting and 2-hour before the onset (normal)
}

func (w *worker) gdmState(per *person, i int, previous bool) gdmState {
	g := w.plan.pregnancy.gdm.g
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 9)
	u, ue := s.Float64(), s.Float64()
	pct := g.IncidencePct
	if previous {
		pct = g.RecurrencePct
	}
	r := &g.Normal
	if u < pct/100 {
		r = &g.Raised
	}
	st := gdmState{fasting: drawTenth(r.Fasting, &s), twoHour: drawTenth(r.TwoHour, &s), early: ue < g.EarlyPct/100,
		before: [2]float64{drawTenth(g.Normal.Fasting, &s), drawTenth(g.Normal.TwoHour, &s)}}
	if r == &g.Raised && st.fasting < g.FastingAtLeast && st.twoHour < g.TwoHourAtLeast {
		st.twoHour = g.TwoHourAtLeast // a raised state reads over a threshold (the ranges overlap below it)
	}
	if r == &g.Normal {
		st.early = false
	}
	return st
}

// drawTenth is a reading drawn in r to one decimal place.
func drawTenth(r [2]float64, s *distributions.Stream) float64 {
	return math.Round((r[0]+s.Float64()*(r[1]-r[0]))*10) / 10
}

// gdmRisk reports whether the woman has a risk factor of NG3 at the
// pregnancy's start, and whether it is a previous gestational diabetes.
func (w *worker) gdmRisk(per *person, pg *pregnancy) (risk, previous bool) {
	g := w.plan.pregnancy.gdm.g
	previous = w.hadBefore(per, []string{g.Problem.Key}, pg.lmp) // pregnancymidwife.go
	return previous || w.weightLevel(per, pg.lmp) > g.Risk.BMIAbove || slices.Contains(g.Risk.Groups, per.group), previous
}

// gdmScreen offers the OGTT to a pregnancy at risk (problem row id) that
// reaches its weeks, early too after a previous gestational diabetes; a
// reading at a threshold codes gestational diabetes at the test and starts
// its care. It records the problem's row on the pregnancy.
func (w *worker) gdmScreen(per *person, i int, id string, reaches func(models.Date) bool) {
	gp := w.plan.pregnancy.gdm
	if gp == nil {
		return
	}
	pg := &per.pregnancies[i]
	risk, previous := w.gdmRisk(per, pg)
	if !risk || pg.loss {
		return
	}
	st := w.gdmState(per, i, previous)
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 10)
	early := pg.lmp + models.Date(between(gp.g.EarlyDays, &s))
	late := pg.lmp + models.Date(between(gp.g.OGTTDays, &s))
	if previous {
		at := st // raised already, or normal throughout
		if !st.early {
			at.fasting, at.twoHour = st.before[0], st.before[1] // before a late onset
		}
		if w.ogtt(per, i, id, early, at, reaches, &s) {
			return
		}
	}
	w.ogtt(per, i, id, late, st, reaches, &s)
}

// ogtt writes the 75 g OGTT on day d (or the next day free of a stay or a
// clinic about the pregnancy, within the week) as a morning maternity
// attendance: the fasting sample and the 2-hour one. It reports whether it
// diagnosed gestational diabetes (and then codes and treats it).
func (w *worker) ogtt(per *person, i int, id string, d models.Date, st gdmState, reaches func(models.Date) bool, s *distributions.Stream) bool {
	gp := w.plan.pregnancy.gdm
	if pd := w.plannedDay(per, d); reaches(pd) {
		d = pd
	}
	var start models.Timestamp
	for day := d; ; day++ {
		if day > d+7 || !reaches(day) {
			return false
		}
		start = day.Start().AddMinutes(8*60 + 10*s.IntN(7)) // fasting: the first appointments of the day
		if _, in := inStay(per, start.AddMinutes(150)); !in && !per.seenInClinicOn(day, id) && w.antenatalOn(per, day, gp.g.Clinic.Snomed) < 0 {
			if _, in := inStay(per, start); !in {
				break
			}
		}
	}
	enc := w.addEncounter(per, encOutpatient, settingOutpatient, start, start.AddMinutes(130+5*s.IntN(4)), id, "")
	per.clinicVisits = append(per.clinicVisits, clinicVisit{start.Date(), id})
	w.typeEncounter(per, enc, &gp.g.OGTT)
	for _, r := range []struct {
		code *datasets.ObservationCode
		v    float64
		at   models.Timestamp
	}{{gp.fasting, st.fasting, start.AddMinutes(5)}, {gp.twoHour, st.twoHour, start.AddMinutes(125)}} {
		v := r.v
		o := w.observation(per, enc, r.at, r.code)
		o.Value, o.Unit = &v, r.code.Unit
		w.b.Observations = append(w.b.Observations, o)
	}
	if st.fasting < gp.g.FastingAtLeast && st.twoHour < gp.g.TwoHourAtLeast {
		return false
	}
	w.gdmCare(per, i, id, enc, start.Date(), st, s)
	return true
}

// gdmCare codes gestational diabetes at the OGTT (encounter enc, day d) to
// the birth and treats it: insulin from the diagnosis at a fasting glucose
// of insulin_fasting_at_least or more, else metformin for metformin_pct
// whose targets are not met on diet, from the antenatal diabetes clinic
// metformin_days later; each to the day before the birth.
func (w *worker) gdmCare(per *person, i int, id, enc string, d models.Date, st gdmState, s *distributions.Stream) {
	gp := w.plan.pregnancy.gdm
	pg := &per.pregnancies[i]
	p := gp.g.Problem
	p.Days = int(pg.end - d)
	gd := w.codeResultProblem(per, &p, enc, d)
	if gd == "" {
		return
	}
	pg.gdm = gd
	per.partOf = append(per.partOf, [2]string{gd, id})
	if e := w.encounterByID(per, enc); e != nil {
		e.ReasonConditionID = gd // the test is about what it found
	}
	u, days := s.Float64(), between(gp.g.MetforminDays, s)
	switch {
	case st.fasting >= gp.g.InsulinFastingAtLeast:
		w.gdmMedicine(per, pg, gp.insulin, enc, gd, d)
	case u < gp.g.MetforminPct/100:
		if day, ok := w.gdmClinicIssue(per, i, id, gp.metformin, gd, d+models.Date(days), s); ok {
			w.gdmAddInsulin(per, i, id, gd, day)
		}
	}
}

// gdmClinicIssue issues m about gestational diabetes (row gd) at the
// antenatal diabetes clinic on day day (the maternity attendance of that
// day, or a clinic booked then), before the birth; it reports the day and
// whether the clinic was held. A clinic booked records the checks of an
// antenatal appointment (clinic_checks), on a stream of its own (sub-key
// 15), and a raised pressure is acted on as at the midwife's (pregnancy
// problem row id).
func (w *worker) gdmClinicIssue(per *person, i int, id string, m *medPlan, gd string, day models.Date, s *distributions.Stream) (models.Date, bool) {
	gp := w.plan.pregnancy.gdm
	pg := &per.pregnancies[i]
	if e := w.antenatalOn(per, day, gp.g.Clinic.Snomed); e >= 0 && day < pg.end {
		w.gdmMedicine(per, pg, m, w.b.Encounters[e].EncounterID, gd, day) // seen that day already (pregnancyoneday.go)
		return day, true
	}
	if ce, start, ok := w.outpatientAt(per, day, gd, s); ok && start.Date() < pg.end {
		w.typeEncounter(per, ce, &gp.g.Clinic)
		cs := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 15, uint64(start.Date()))
		w.antenatalChecks(per, ce, start, gp.clinicChecks, &cs) // pregnancymidwife.go
		w.raisedPressure(per, i, id, ce, start)                 // pregnancybp.go
		w.gdmMedicine(per, pg, m, ce, gd, start.Date())
		return start.Date(), true
	}
	return day, false
}

// gdmAddInsulin adds insulin to the metformin started on day from in the
// woman's i-th pregnancy (gestational diabetes row gd) for the share whose
// targets are still missed on it (MiG: 46.3%), at the antenatal diabetes
// clinic metformin_insulin_days later; the metformin goes on. Its own
// stream (sub-key 13), so that no other draw of the pregnancy moves.
func (w *worker) gdmAddInsulin(per *person, i int, id, gd string, from models.Date) {
	gp := w.plan.pregnancy.gdm
	if gp.g.MetforminInsulinPct <= 0 || !w.medRunning(per, gp.metformin, from, from) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 13)
	u, days := s.Float64(), between(gp.g.MetforminInsulinDays, &s)
	if u >= gp.g.MetforminInsulinPct/100 {
		return
	}
	w.gdmClinicIssue(per, i, id, gp.insulin, gd, from+models.Date(days), &s)
}

// gdmMedicine issues m about gestational diabetes (row gd) at encounter enc
// from day d to the day before the birth (a repeat running on when she is
// still pregnant at the record's end), unless a prescribing rule rules it
// out or she takes it already.
func (w *worker) gdmMedicine(per *person, pg *pregnancy, m *medPlan, enc, gd string, d models.Date) {
	end := min(pg.end-1, per.lastDay)
	reg := m.regimen(per.ageOn(d), 0)
	if reg == nil || end < d || allergic(per, m, d) || w.medRunning(per, m, d, end) ||
		!w.allowedCourse(per, m, d, end, w.latestEGFR(per, d)) {
		return
	}
	if pg.end > per.lastDay {
		end = models.NoDate
	}
	w.issue(per, enc, gd, reg, d, end, models.PrescriptionRepeat)
}

// gdmPostnatal records the fasting glucose of a woman whose pregnancy (i)
// had gestational diabetes at her postnatal check (encounter enc, 6-8
// weeks after the birth: NG3, 6-13 weeks). Its own stream (sub-key 11).
func (w *worker) gdmPostnatal(per *person, i int, enc string) {
	gp := w.plan.pregnancy.gdm
	if gp == nil || enc == "" || per.pregnancies[i].gdm == "" {
		return
	}
	t, ok := w.encounterStart(enc)
	if !ok {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 11)
	v := drawTenth(gp.g.PostnatalGlucose, &s)
	o := w.observation(per, enc, t.AddMinutes(6), gp.fasting)
	o.Value, o.Unit = &v, gp.fasting.Unit
	w.b.Observations = append(w.b.Observations, o)
}
