package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// menopausePlan is menopause.yaml with its HRT course resolved once per run.
type menopausePlan struct {
	m         *datasets.Menopause
	course    *issuedCourse
	notBeside map[string]bool // dm+d codes of the products of not_beside's classes
	device    map[string]bool // dm+d codes of progestogen_device's products (ius.go)
}

// buildMenopause resolves the HRT methods against the medicine plans.
func (p *Plan) buildMenopause() error {
	m, err := datasets.MenopauseModel()
	if err != nil {
		return err
	}
	hc, err := p.buildHormoneCourse("menopause.yaml", m.Methods, m.SwitchTo, contactMenopauseReview)
	if err != nil {
		return err
	}
	mp := &menopausePlan{m: m, course: hc, notBeside: map[string]bool{}, device: map[string]bool{}}
	for _, g := range datasets.Regimens(m.ProgestogenDevice) {
		mp.device[g.DMDCode] = true
	}
	hc.device = mp.device
	for key, mdp := range p.medPlans {
		if slices.ContainsFunc(m.NotBeside, mdp.inClass) {
			for _, g := range datasets.Regimens(key) {
				mp.notBeside[g.DMDCode] = true
			}
		}
	}
	p.menopause = mp
	return nil
}

// menopauseStream is the woman's menopause stream, its first draw taken:
// her natural menopause age in years (the one definition; menopause.yaml
// age).
func (w *worker) menopauseStream(per *person) (distributions.Stream, float64) {
	a := &w.plan.menopause.m.Age
	s := per.stream(w.plan.Opts.Seed, purposeMenopause)
	age := min(max(s.NormalMS(a.Mean, a.SD), a.Min), a.Max)
	return s, age
}

// afterMenopause reports whether day d is past the woman's natural
// menopause age (menopauseStream's first draw; never for a man or when the
// model has no menopause). Read only from 40, the youngest menopause age.
func (w *worker) afterMenopause(per *person, d models.Date) bool {
	if w.plan.menopause == nil || per.sex != sexIndex("female") || per.ageOn(d) < int(w.plan.menopause.m.Age.Min) {
		return false
	}
	_, age := w.menopauseStream(per)
	return d >= per.birthday(0)+models.Date(age*365.25)
}

// menopause gives a woman her menopause: at her natural menopause age a
// share have symptoms and a share of those consult their GP about them,
// some years either side of it; the consultation codes menopausal flushing
// and, for a share, starts HRT, reviewed at 3 months and then yearly for a
// drawn number of years (hormonecourse.go: each issue allowed only if the
// prescribing rules allow it that day, the tablet switched to a patch when
// ruled out, HRT ended by breast cancer). The problem is resolved when the
// HRT ends, or after the years drawn when she takes none. Draws from a
// stream of its own.
func (w *worker) menopause(per *person) {
	mp := w.plan.menopause
	if mp == nil || per.sex != sexIndex("female") {
		return
	}
	m := mp.m
	s, age := w.menopauseStream(per)
	if s.Float64()*100 >= m.SymptomaticPct || s.Float64()*100 >= m.ConsultPct {
		return
	}
	per.ageOn(per.firstDay) // the birthday table
	at := age + m.OnsetYears[0] + s.Float64()*(m.OnsetYears[1]-m.OnsetYears[0])
	consult := per.birthday(0) + models.Date(at*365.25)
	end := consult + models.Date(min(s.LogNormal(math.Log(m.YearsMedian), m.YearsLogSD), m.YearsMax)*365.25)
	hrt := s.Float64()*100 < m.HRTPct
	seqUntil := per.birthday(0) + models.Date(age*365.25) + models.Date(m.ContinuousAfterDays) // 12 months after the last period
	k := mp.course.pick.Sample(&s)
	if consult > per.lastDay || end < per.firstDay || (per.death != models.NoDate && consult >= per.death) {
		return
	}
	condRow, lastRx := -1, -1
	problem := func(visit models.Date, encID string) int {
		return w.courseProblem(per, &m.Indication, consult, visit, encID)
	}
	if hrt {
		if from := w.afterNotBeside(per, consult, end); from < end {
			condRow, lastRx = w.course(per, mp.course, k, from, end, seqUntil, -1, func(visit models.Date, encID string) int {
				return w.courseProblem(per, &m.Indication, from, visit, encID)
			}, &s)
		}
	}
	if condRow < 0 { // no HRT, or none allowed: the consultation codes the symptoms alone
		condRow = w.symptomsConsultation(per, consult, problem, &s)
		lastRx = -1
	}
	if condRow < 0 {
		return
	}
	if lastRx >= 0 {
		w.resolveAfterCourse(per, condRow, lastRx)
		return
	}
	if end < per.lastDay && (per.death == models.NoDate || end < per.death) {
		w.b.Conditions[condRow].ResolvedDate = end
	}
}

// symptomsConsultation writes the problem of menopausal symptoms a woman
// takes no HRT for: coded at a GP consultation on the day (or the first
// free one after it), or dated the day without one when that is before the
// record opens. It returns the problem's row, -1 when no visit could be
// booked.
func (w *worker) symptomsConsultation(per *person, day models.Date, problem func(models.Date, string) int, s *distributions.Stream) int {
	if day < per.firstDay {
		return problem(day, "")
	}
	if per.inEndOfLifeCare(day) {
		return -1
	}
	id, t, ok := w.gpVisitFor(per, day, encGPConsultation, contactGPConsultation, "", s)
	if !ok {
		return -1
	}
	row := problem(t.Date(), id)
	w.contraVisitReason(per, id, row)
	return row
}

// afterNotBeside is the first day from start after every issue of a
// not_beside product (the combined pill) begun before end has run out: HRT
// waits for the combined pill to stop.
func (w *worker) afterNotBeside(per *person, start, end models.Date) models.Date {
	nb := w.plan.menopause.notBeside
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if !nb[rx.DMDCode] || rx.StartDate >= end {
			continue
		}
		if rx.EndDate == models.NoDate {
			return end
		}
		start = max(start, rx.EndDate+1)
	}
	return start
}
