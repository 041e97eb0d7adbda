package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A urine culture's result acted on (uticulture.yaml; brief h63e, issue 9).
// The urine is sent at the consultation about a UTI, and the antibiotic
// started there; the report comes 1-3 days later, and an organism
// resistant to that antibiotic has it changed to one it is sensitive to
// (NICE NG109). Before, of 4,373 cultures that grew an organism none was
// followed by a change (generate -n 20000 -s 83).

// cultureResultPlan is culture_result resolved.
type cultureResultPlan struct {
	*datasets.CultureResult
	culture, informed datasets.ObservationCode
	drugs             []*medPlan // per Resistance entry: the drug given
	// per Resistance entry: the drug's susceptibility test, coded
	// Resistant at the result's call (brief h64g)
	susceptibility []datasets.ObservationCode
}

// resolveCultureResult resolves the codes and medicines; a catalogue
// without the problem or a drug has no plan.
func (p *Plan) resolveCultureResult() error {
	p.cultureResult = nil
	c, err := datasets.LoadCultureResult()
	if err != nil {
		return err
	}
	cp := &cultureResultPlan{CultureResult: c}
	cp.culture, _ = datasets.ObservationByKey(c.Observation) // (checked by the loader)
	cp.informed, _ = datasets.ObservationByKey(c.ResultCode)
	for _, r := range c.Resistance {
		m, sw := p.medPlans[r.Drug], p.medPlans[r.Switch]
		if m == nil || sw == nil || p.medPlans[r.Then] == nil || p.medPlans[c.InPregnancy] == nil {
			return nil
		}
		cp.drugs = append(cp.drugs, m)
		sc, _ := datasets.ObservationByKey(r.Susceptibility) // (checked by the loader)
		cp.susceptibility = append(cp.susceptibility, sc)
	}
	p.cultureResult = cp
	return nil
}

// cultureResults walks the person's cultures of the problem taken at a GP
// contact that started an antibiotic: a grown organism is resistant to it
// at the entry's share (one draw a culture, from a stream keyed by its
// day), and then, report days later, a call gives the result and issues
// the switch for as many days as the course it replaces; the episode lasts
// to the new course's end.
func (w *worker) cultureResults(per *person) {
	cp := w.plan.cultureResult
	if cp == nil {
		return
	}
	b := w.b
	n := len(b.Observations) // the calls' own codes are not cultures
	for i := per.obsFrom; i < n; i++ {
		o := &b.Observations[i]
		grown := slices.Contains(cp.Grown, o.ValueCode)
		if o.SnomedCode != cp.culture.Snomed || !grown && o.ValueCode != cp.NoGrowth {
			continue
		}
		day := o.EffectiveTime.Date()
		enc := w.encounterByID(per, o.EncounterID)
		if enc == nil || enc.Setting != settingGP || per.ageOn(day) < cp.MinAge {
			continue
		}
		c := w.conditionRow(per, enc.ReasonConditionID)
		if c == nil || c.ConditionKey != cp.Problem {
			continue
		}
		if !grown {
			w.closeOnNoGrowth(per, cp, c, o.EncounterID, day)
			continue
		}
		k, rx := w.cultureCourse(per, cp, o.EncounterID, c.ConditionID, day)
		if k < 0 {
			w.treatOnResult(per, cp, c, o.EncounterID, day) // nothing issued for it: started on the result (culturedecision.go)
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeCultureResult, uint64(day))
		if !s.Bernoulli(cp.Resistance[k].Share) {
			w.sensitiveResult(per, cp, k, c, day) // the course goes on, the result recorded
			continue
		}
		report := day + models.Date(cp.ReportDays[0]+s.IntN(cp.ReportDays[1]-cp.ReportDays[0]+1))
		w.switchOnResult(per, cp, k, c.ConditionID, report, int(rx.EndDate-rx.StartDate)+1, &s)
	}
}

// cultureCourse finds the acute course for condition condID issued at
// encounter encID on day, of a drug of the resistance list: its entry and
// row (-1 when none, or when another course for the episode began after
// the day: it has been treated again already).
func (w *worker) cultureCourse(per *person, cp *cultureResultPlan, encID, condID string, day models.Date) (int, models.Prescription) {
	k, found := -1, models.Prescription{}
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		if rx.ConditionID != condID || rx.PrescriptionID.IsZero() {
			continue
		}
		if rx.StartDate > day {
			return -1, found
		}
		if rx.EncounterID != encID || rx.Type != models.PrescriptionAcute || rx.EndDate == models.NoDate {
			continue
		}
		for e, m := range cp.drugs {
			if m.med.DMDCode == rx.DMDCode || m.issues(rx.DMDCode) { // its product, or a regimen's (trimethoprim tablets beside the children's suspension)
				k, found = e, *rx
			}
		}
	}
	return k, found
}

// switchOnResult books the call that gives the result on day (or the next
// free one) about the episode condID, codes the result given, and issues
// entry k's switch for days; the episode is not resolved before it ends.
func (w *worker) switchOnResult(per *person, cp *cultureResultPlan, k int, condID string, day models.Date, days int, s *distributions.Stream) {
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	r := &cp.Resistance[k]
	c := datasets.ShortCourse{Drug: r.Switch, Probability: 1, Days: days, IfRuledOut: r.Then}
	if per.pregnancyDay(day) >= 0 {
		c = datasets.ShortCourse{Drug: cp.InPregnancy, Probability: 1, Days: days}
	}
	if per.sex == 1 {
		c.Step = 1 // a man's 7-day regimen (NICE NG109), as his first course's
	}
	sw := w.plan.shortCourse(c, w.plan.medPlans[c.Drug])
	r0 := len(w.b.Prescriptions)
	sl, ok := w.bookGP(per, day, encGPTelephone, contactOf(encGPTelephone), s)
	if !ok {
		return
	}
	if sl.start.Date() > day+models.Date(cp.ActWithin) { // no free day near the report
		per.gpDays.remove(sl.start.Date())
		return
	}
	w.writeGP(per, &sl, condID)
	encID, start := w.slotID(&sl), sl.start
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(2), &cp.informed))
	// the report's susceptibility to the drug given, filed with the call
	// that acts on it (the organism is the culture's value)
	res := w.observation(per, encID, start.AddMinutes(1), &cp.susceptibility[k])
	res.ValueCode, res.ValueDisplay = cp.Resistant.Code, cp.Resistant.Display
	w.b.Observations = append(w.b.Observations, res)
	p0 := len(per.pendingChecks)
	w.shortCourse(per, &sw, encID, condID, start.Date(), models.NoDate, s)
	for _, pc := range per.pendingChecks[p0:] { // the INR of a penicillin beside warfarin (interactions.go ran before)
		w.interactionCheck(per, pc.meds, pc.onset, false)
	}
	row := w.conditionRow(per, condID)
	for j := r0; j < len(w.b.Prescriptions); j++ {
		if rx := &w.b.Prescriptions[j]; row != nil && rx.ConditionID == condID && row.ResolvedDate != models.NoDate && rx.EndDate > row.ResolvedDate {
			row.ResolvedDate = rx.EndDate // not settled before the drug it is sensitive to has been taken
		}
	}
}

// closeOnNoGrowth resolves the UTI episode c whose urine, sent on day,
// grew nothing: on the report's day (one draw, from a stream keyed by the
// day, of its own purpose), unless it is already resolved by then, and
// never before a later contact about it or a later course issued for it
// (a GP contact keeps its problem open). Brief h66g: all 1,960 UTIs whose
// urine grew nothing stayed open about 8 days (generate -n 20000 -s 83).
// The course still running at the report is stopped then (nogrowthstop.go).
func (w *worker) closeOnNoGrowth(per *person, cp *cultureResultPlan, c *models.Condition, encID string, day models.Date) {
	s := per.stream(w.plan.Opts.Seed, purposeNoGrowth, uint64(day))
	end := day + models.Date(cp.ReportDays[0]+s.IntN(cp.ReportDays[1]-cp.ReportDays[0]+1))
	w.stopOnNoGrowth(per, cp, c.ConditionID, encID, day, end)
	if c.ResolvedDate != models.NoDate && c.ResolvedDate <= end {
		return
	}
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if x := &w.b.Encounters[e]; x.ReasonConditionID == c.ConditionID {
			end = max(end, x.StartTime.Date())
		}
	}
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		if rx := &w.b.Prescriptions[j]; rx.ConditionID == c.ConditionID && !rx.PrescriptionID.IsZero() {
			end = max(end, rx.StartDate)
		}
	}
	if end < per.lastDay && (c.ResolvedDate == models.NoDate || end < c.ResolvedDate) {
		c.ResolvedDate = end
	}
}
