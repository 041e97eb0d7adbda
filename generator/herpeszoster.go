package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// zosterPlan is the catalogue's shingles (herpes_zoster) resolved for the
// run: relative rates by condition index, the vaccines by key, and the
// antiviral's and postherpetic neuralgia's courses.
type zosterPlan struct {
	z         *datasets.HerpesZoster
	rr        []float64 // by condition index: the relative rate held with it (0: none)
	maxRR     float64   // the highest: episodes are drawn at it and thinned
	vaccines  map[string]datasets.ZosterVaccine
	present   []float64 // the present_days weights, cumulative and normalised
	antiviral shortCoursePlan
	phn       shortCoursePlan
}

func (p *Plan) planZoster() *zosterPlan {
	z := p.Cat.HerpesZoster
	if z == nil {
		return nil
	}
	zp := &zosterPlan{z: z, rr: make([]float64, len(p.conds)), maxRR: 1, vaccines: map[string]datasets.ZosterVaccine{}}
	for _, r := range z.Immunosuppressed {
		zp.rr[p.condIndex[r.Condition]] = r.RR
		zp.maxRR = max(zp.maxRR, r.RR)
	}
	for _, v := range z.Vaccines {
		zp.vaccines[v.Vaccine] = v
	}
	sum := 0.0
	for _, x := range z.PresentDays {
		sum += x
	}
	acc := 0.0
	for _, x := range z.PresentDays {
		acc += x / sum
		zp.present = append(zp.present, acc)
	}
	zp.antiviral = p.shortCourse(z.Antiviral.Course, p.medPlans[z.Antiviral.Course.Drug])
	zp.phn = p.shortCourse(z.PHN.Course, p.medPlans[z.PHN.Course.Drug])
	return zp
}

// relativeRate is the person's relative rate of shingles on day d: the
// highest of the immunosuppressing conditions held by then, or 1.
func (zp *zosterPlan) relativeRate(per *person, d models.Date) float64 {
	rr := 1.0
	for k := range per.conds {
		if c := &per.conds[k]; c.onset <= d && c.id != "" {
			rr = max(rr, zp.rr[c.plan.idx])
		}
	}
	return rr
}

// protection is the share of shingles the person's shingles vaccine on the
// record (imms: the patient's immunisations) prevents on day d: the best
// dose given by then, a live vaccine's waning with the years since.
func (zp *zosterPlan) protection(imms []models.Immunisation, d models.Date) float64 {
	best := 0.0
	for i := range imms {
		m := &imms[i]
		v, ok := zp.vaccines[m.VaccineKey]
		given := m.OccurrenceTime.Date()
		if !ok || given > d {
			continue
		}
		e := v.Efficacy
		if v.WaneYears > 0 {
			e *= max(0, 1-float64(d-given)/365.25/v.WaneYears)
		}
		best = max(best, e)
	}
	return best
}

// herpesZoster draws the person's shingles a calendar year at a time on a
// stream of its own (no other draw moves), at the rate for their age raised
// by immunosuppression and lowered by the shingles vaccine on their record
// (imms, written by immunisations just before). Each episode is the rash's
// problem-list entry, the GP contact some days later, and by NICE CKS's
// criteria an antiviral; some go on to postherpetic neuralgia.
func (w *worker) herpesZoster(per *person, imms []models.Immunisation) {
	zp := w.plan.zoster
	if zp == nil {
		return
	}
	last := models.NoDate // the last episode's rash: no second within a year
	calendarYears(per, purposeHerpesZoster, w.plan.Opts.Seed, func(from, to models.Date, age int, frac float64, s *distributions.Stream) {
		band := w.plan.Cat.BandOf(age)
		for n := s.Poisson(zp.z.Rate[band] * zp.maxRR * frac); n > 0; n-- {
			day := dayIn(from, to, s)
			rr := zp.relativeRate(per, day)
			keep := s.Float64() < rr/zp.maxRR*(1-zp.protection(imms, day))
			if !keep || (last != models.NoDate && day-last < 365 && day-last > -365) {
				continue
			}
			if w.zosterEpisode(per, day, rr > 1, s) {
				last = day
			}
		}
	})
}

// zosterEpisode writes an episode whose rash began on day rash: the GP
// contact the present_days weights put after it, which codes the problem,
// the antiviral and any postherpetic neuralgia. It reports whether
// the episode was written (not when the person could not be seen: in
// hospital, in the last weeks of life, or past the record's end).
func (w *worker) zosterEpisode(per *person, rash models.Date, immuno bool, s *distributions.Stream) bool {
	zp := w.plan.zoster
	z := zp.z
	if rash < per.birth || per.inEndOfLifeCare(rash) {
		return false
	}
	u := s.Float64()
	delay := 0
	for delay < len(zp.present)-1 && u > zp.present[delay] {
		delay++
	}
	condID := w.ids.row(tagCondition)
	encID, start, ok := w.gpVisit(per, rash+models.Date(delay), encGPProblem, condID, s)
	if !ok {
		return false
	}
	// The problem is dated by the contact that diagnoses it, as every
	// problem is (TestConditionsInTheRecordNameTheirDiagnosis); the rash's
	// day decides the antiviral and when the episode heals.
	seen := start.Date()
	resolved := per.resolvedAfter(rash, models.Date(z.DurationDays))
	if resolved != models.NoDate && resolved <= seen {
		resolved = per.resolvedAfter(seen, 7) // a week on from a late contact
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID:          condID,
		PatientID:            per.id,
		ConditionKey:         z.Key,
		SnomedCode:           z.Snomed,
		ICD10Code:            z.ICD10,
		Description:          z.Description,
		OnsetDate:            seen,
		ResolvedDate:         resolved,
		DiagnosisEncounterID: encID,
	})
	if zp.antiviralDue(per.ageOn(seen), int(seen-rash), immuno, s) {
		w.shortCourse(per, &zp.antiviral, encID, condID, seen, resolved, s)
	}
	w.postherpeticNeuralgia(per, rash, s)
	return true
}

// antiviralDue reports whether a person of age, seen days after the rash
// began, is given the antiviral (catalogue herpes_zoster antiviral, NICE
// CKS): within within_days from min_age or immunosuppressed, and some
// younger people (pain, rash or site); up to late_days only from
// late_min_age or immunosuppressed; never later.
func (zp *zosterPlan) antiviralDue(age, days int, immuno bool, s *distributions.Stream) bool {
	a := &zp.z.Antiviral
	u := s.Float64()
	switch {
	case days <= a.WithinDays && (age >= a.MinAge || immuno):
		return true // the course's own probability is drawn by shortCourse
	case days <= a.WithinDays:
		return u < a.YoungerShare
	case days <= a.LateDays && (age >= a.LateMinAge || immuno):
		return u < a.LateShare
	}
	return false
}

// postherpeticNeuralgia: for the share of episodes at the person's age
// (phn share), pain that persists is coded as postherpetic neuralgia at a
// GP contact after_days after the rash, and treated as neuropathic pain.
func (w *worker) postherpeticNeuralgia(per *person, rash models.Date, s *distributions.Stream) {
	zp := w.plan.zoster
	p := &zp.z.PHN
	age := per.ageOn(rash)
	u := s.Float64()
	day := rash + models.Date(p.AfterDays[0]+s.IntN(p.AfterDays[1]-p.AfterDays[0]+1))
	if u >= p.Share[w.plan.Cat.BandOf(age)] || day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	condID := w.ids.row(tagCondition)
	encID, start, ok := w.gpVisit(per, day, encGPProblem, condID, s)
	if !ok {
		return
	}
	seen := start.Date()
	resolved := per.resolvedAfter(seen, models.Date(p.DurationDays))
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID:          condID,
		PatientID:            per.id,
		ConditionKey:         p.Key,
		SnomedCode:           p.Snomed,
		ICD10Code:            p.ICD10,
		Description:          p.Description,
		OnsetDate:            seen,
		ResolvedDate:         resolved,
		DiagnosisEncounterID: encID,
	})
	w.shortCourse(per, &zp.phn, encID, condID, seen, resolved, s)
}
