package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// cervicalPlan is screening.yaml cervical, resolved once per run.
type cervicalPlan struct {
	c          *datasets.CervicalScreening
	code       datasets.ObservationCode // the HPV result
	cytology   datasets.ObservationCode // the cytology read
	fiveYearly models.Date              // HPV-negative tests from this day recall in FiveYearlyYears
	hpvFrom    models.Date              // HPV primary screening from this day
	abnormal   *distributions.Alias
}

// buildScreening resolves the screening programmes.
func (p *Plan) buildScreening() error {
	sc, err := datasets.ScreeningProgrammes()
	if err != nil {
		return err
	}
	c := &sc.Cervical
	code, ok := datasets.ObservationByKey(c.Observation)
	cyto, ok2 := datasets.ObservationByKey(c.CytologyObservation)
	if !ok || !ok2 {
		return fmt.Errorf("screening.yaml: observations %q and %q must be in observation_codes.csv", c.Observation, c.CytologyObservation)
	}
	w := make([]float64, len(c.Abnormal))
	for i, a := range c.Abnormal {
		w[i] = a.Weight
	}
	p.cervical = &cervicalPlan{c: c, code: code, cytology: cyto, fiveYearly: c.FiveYearlyFrom.Date(), hpvFrom: c.HPVPrimaryFrom.Date(),
		abnormal: distributions.NewAlias(w)}
	if err := p.buildProgrammes(sc.Programmes); err != nil { // programmes.go
		return err
	}
	return p.buildEyeScreening(&sc.DiabeticEye) // eyescreening.go
}

// addMonths is the day months calendar months after d.
func addMonths(d models.Date, months int) models.Date {
	return models.DateOf(d.Time().AddDate(0, months, 0))
}

// cervicalScreening follows a woman through the screening programme from
// her 25th birthday (before the history window too, so that her recall
// falls where it would) to her 65th: each invitation falls due on the day
// her last result or missed invitation set; she attends it at her age
// band's rate unless she never attends; the result sets the next due day
// (routine recall, an early recall after HPV without cell changes, or a
// colposcopy referral). Tests inside the history window are recorded as a
// practice appointment with the result as a coded observation. Draws from a
// stream of its own.
func (w *worker) cervicalScreening(per *person) {
	cp := w.plan.cervical
	if cp == nil || per.sex != sexIndex("female") {
		return
	}
	c := cp.c
	per.ageOn(per.firstDay) // the birthday table
	due, stop := per.birthday(c.FromAge), per.birthday(c.UntilAge)
	if per.lastDay < due || per.firstDay >= stop {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCervicalScreening)
	if s.Float64()*100 < c.NeverAttendPct {
		return // a persistent non-attender
	}
	positives := 0 // HPV-positive tests in a row
	for due < stop && due <= per.lastDay {
		age := per.ageOn(due)
		attends := s.Float64()*100 < datasets.PctAt(c.Attend, age)
		day := due + models.Date(s.Range(c.DelayDays[0], c.DelayDays[1]))
		if positives == 0 {
			day = w.afterPregnancy(per, day) // a routine test waits (pregnancy.yaml)
		}
		if !attends || day >= stop || day > per.lastDay || w.cervicalCancerBy(per, day) || per.screeningStopped(day) {
			due = models.DateOf(due.Time().AddDate(c.IntervalAt(age), 0, 0))
			continue
		}
		age = per.ageOn(day)
		r := cp.draw(age, day, positives, &s)
		colpAfter := models.Date(s.Range(c.ColposcopyDays[0], c.ColposcopyDays[1]))
		if day >= per.firstDay {
			var ok bool
			if day, ok = w.recordCervicalTest(per, day, r, colpAfter, &s); !ok {
				due = models.DateOf(due.Time().AddDate(c.IntervalAt(age), 0, 0))
				continue
			}
			age = per.ageOn(day) // the booked day can fall past a birthday that changes the interval (plannedday.go)
		}
		switch {
		case r.colposcopy:
			positives, due = 0, addMonths(day+colpAfter, c.AfterColposcopyMonths)
		case r.hpvPositive:
			positives, due = positives+1, addMonths(day, c.EarlyRecallMonths)
		default:
			years := c.IntervalAt(age)
			if r.hpvTested && day >= cp.fiveYearly {
				years = c.FiveYearlyYears
			}
			positives, due = 0, models.DateOf(day.Time().AddDate(years, 0, 0))
		}
	}
}

// cervicalResult is the outcome of one screening test.
type cervicalResult struct {
	hpvTested, hpvPositive bool
	cytology               *datasets.CodedValue // read when HPV positive, or before HPV primary screening
	colposcopy             bool
}

// draw is the result of a test on day for a woman of age who has had
// positives HPV-positive tests in a row before it.
func (cp *cervicalPlan) draw(age int, day models.Date, positives int, s *distributions.Stream) cervicalResult {
	c := cp.c
	if day < cp.hpvFrom { // cytology first
		if s.Float64()*100 < c.CytologyAbnormalPct {
			return cervicalResult{cytology: &c.Abnormal[cp.abnormal.Sample(s)], colposcopy: true}
		}
		return cervicalResult{cytology: &c.Results.CytologyNegative}
	}
	r := cervicalResult{hpvTested: true}
	pct := datasets.PctAt(c.HPVPositive, age)
	if positives > 0 { // an infection seen at the last test may not have cleared
		pct = c.HPVPersistsPct
	}
	if s.Float64()*100 >= pct {
		return r
	}
	r.hpvPositive, r.cytology = true, &c.Results.CytologyNegative
	if s.Float64()*100 < c.AbnormalPct {
		r.cytology, r.colposcopy = &c.Abnormal[cp.abnormal.Sample(s)], true
	}
	if positives+1 >= c.ColposcopyAfterPositives {
		r.colposcopy = true // the third HPV-positive test in a row, whatever the cytology
	}
	return r
}

// recordCervicalTest writes the screening appointment on day (or the next
// free one), its result, and for a referral the problem and the colposcopy
// clinic colpAfter days after the test. It reports the day of the test, and false when no
// appointment could be booked (after the last day).
func (w *worker) recordCervicalTest(per *person, day models.Date, r cervicalResult, colpAfter models.Date, s *distributions.Stream) (models.Date, bool) {
	cp := w.plan.cervical
	c := cp.c
	encID, start, ok := w.gpVisit(per, day, encCervicalScreening, "", s)
	if !ok {
		return day, false
	}
	t := start.AddMinutes(5)
	if r.hpvTested {
		v := &c.Results.HPVNegative
		if r.hpvPositive {
			v = &c.Results.HPVPositive
		}
		o := w.observation(per, encID, t, &cp.code)
		o.ValueCode, o.ValueDisplay = v.Code, v.Display
		w.b.Observations = append(w.b.Observations, o)
		t = t.AddMinutes(1)
	}
	if r.cytology != nil {
		o := w.observation(per, encID, t, &cp.cytology)
		o.ValueCode, o.ValueDisplay = r.cytology.Code, r.cytology.Display
		w.b.Observations = append(w.b.Observations, o)
	}
	if r.colposcopy {
		reg := &c.ReferralReason
		id := w.ids.row(tagCondition)
		w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id,
			ConditionKey: reg.Key, SnomedCode: reg.Snomed, ICD10Code: reg.ICD10, Description: reg.Description,
			OnsetDate: start.Date(), ResolvedDate: models.NoDate, DiagnosisEncounterID: encID})
		k := len(w.b.Conditions) - 1
		// the problem is coded at the screening appointment that found it,
		// before the clinic sees it
		w.b.Encounters[len(w.b.Encounters)-1].ReasonConditionID = id
		if _, d, ok := w.outpatient(per, start.Date()+colpAfter, id, s); ok {
			w.b.Conditions[k].ResolvedDate = d
		}
	}
	return start.Date(), true
}

// cervicalCancerBy reports whether the woman has been diagnosed with cancer
// of the cervix by day: screening stops.
func (w *worker) cervicalCancerBy(per *person, day models.Date) bool {
	return siteBy(per, w.plan.cervical.c.StopWithSite, day)
}

// afterPregnancy is the day a routine screening test due on day d is taken:
// d, or, when d falls in a pregnancy (from a missed period, five weeks after
// the last, when a woman who "could be pregnant" waits too: nhs.uk) or
// within screening_after_birth_days of a birth, that many days after the
// birth (the end of a loss). The missed period, not the practice's
// confirmation, also keeps a test booked a few days on (gpVisit) out of it.
func (w *worker) afterPregnancy(per *person, d models.Date) models.Date {
	pp := w.plan.pregnancy
	if pp == nil {
		return d
	}
	for i := range per.pregnancies {
		pg := &per.pregnancies[i]
		wait := models.Date(pp.p.ScreeningAfterBirthDays)
		if pg.loss {
			wait = 0
		}
		if d >= min(pg.confirm, pg.lmp+missedPeriodDays) && d < pg.end+wait {
			d = pg.end + wait
		}
	}
	return d
}

// missedPeriodDays: a period is missed about five weeks after the last
// (a 28-day cycle and a week's wait; model).
const missedPeriodDays = 35
