package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// contraceptionPlan is contraception.yaml with the UKMEC criteria of
// prescribing.yaml, resolved once per run.
type contraceptionPlan struct {
	c         *datasets.Contraception
	methods   []contraMethod
	pick      *distributions.Alias // the method first chosen
	startPick *distributions.Alias // the band of the starting age
	switchTo  int                  // index in methods
}

// contraMethod is one method: its medicine, supply and checks, and the
// eligibility criteria that apply to it.
type contraMethod struct {
	m             *medPlan
	first, supply int
	checks        []int // observation slots recorded at the visit that issues it
	rules         []contraRule
}

// contraRule is a prescribing.yaml contraception_eligibility criterion.
type contraRule struct {
	smokerFrom int
	snomed     string // the observation's code, with atLeast and within
	atLeast    float64
	within     int
	site       string
}

// buildContraception resolves the methods against the medicine plans.
func (p *Plan) buildContraception() error {
	c, err := datasets.ContraceptionModel()
	if err != nil {
		return err
	}
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	cp := &contraceptionPlan{c: c}
	shares := make([]float64, len(c.Methods))
	for i, mt := range c.Methods {
		m := p.medPlans[mt.Medicine]
		if m == nil {
			return fmt.Errorf("contraception.yaml: %s has no prescribable product", mt.Medicine)
		}
		cm := contraMethod{m: m, first: mt.FirstSupplyDays, supply: mt.SupplyDays}
		for _, k := range mt.Checks {
			cm.checks = append(cm.checks, p.obsIndex[k])
		}
		for _, e := range rules.ContraceptionEligibility {
			if !m.inClass(e.Class) {
				continue
			}
			r := contraRule{smokerFrom: e.SmokerFromAge, atLeast: e.AtLeast, within: e.WithinDays, site: e.CancerSite}
			if e.Observation != "" {
				r.snomed = p.obsCodes[p.obsIndex[e.Observation]].Snomed
			}
			cm.rules = append(cm.rules, r)
		}
		if mt.Medicine == c.SwitchTo {
			cp.switchTo = i
		}
		shares[i] = mt.Share
		cp.methods = append(cp.methods, cm)
	}
	cp.pick = distributions.NewAlias(shares)
	w := make([]float64, len(c.StartAges))
	for i, b := range c.StartAges {
		w[i] = b.Pct
	}
	cp.startPick = distributions.NewAlias(w)
	p.contraception = cp
	return nil
}

// contraception gives a woman her episode of practice-prescribed hormonal
// contraception, if she has one: from a drawn starting age for a drawn
// number of years, a method issued at a visit that records its checks
// (blood pressure and BMI before the combined pill), each issue allowed
// only if UKMEC and the product's age limit allow it on the day; a method
// ruled out (the combined pill at 50, for a smoker from 35, at a BMI of 35
// or a blood pressure of 140/90, with cardiovascular disease) is switched to
// the progestogen-only pill at the visit that finds it, and a condition
// that rules it out mid-supply ends the supply the day before it begins.
// Issues before the history window are simulated but not recorded. Draws
// from a stream of its own.
func (w *worker) contraception(per *person) {
	cp := w.plan.contraception
	if cp == nil || per.sex != sexIndex("female") {
		return
	}
	c := cp.c
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeContraception)
	if s.Float64()*100 >= c.EverPct {
		return
	}
	per.ageOn(per.firstDay) // the birthday table
	band := cp.startPick.Sample(&s)
	hi := c.StartUntilAge
	if band+1 < len(c.StartAges) {
		hi = c.StartAges[band+1].FromAge
	}
	from, to := per.birthday(c.StartAges[band].FromAge), per.birthday(hi)
	start := from + models.Date(s.IntN(int(to-from)))
	end := start + models.Date(min(s.LogNormal(math.Log(c.YearsMedian), c.YearsLogSD), c.YearsMax)*365.25)
	k := cp.pick.Sample(&s)
	if start > per.lastDay || end < per.firstDay {
		return
	}
	condRow, lastRx, first := -1, -1, true
	for d := start; d < end && d <= per.lastDay && !per.inEndOfLifeCare(d); {
		encID, at := "", models.Timestamp(0)
		if condRow < 0 && !w.contraAllowed(per, k, d) && (k == cp.switchTo || !w.contraAllowed(per, cp.switchTo, d)) {
			// nothing hormonal the practice may give from the start: no pill
			// check is booked (thirteenth review: such a visit recorded a
			// blood pressure with nothing else, days after a check-up's)
			break
		}
		if d >= per.firstDay {
			id, t, ok := w.gpVisitFor(per, d, encGPConsultation, contactPillCheck, "", &s)
			if !ok {
				break
			}
			encID, d, at = id, t.Date(), t.AddMinutes(5)
			for _, slot := range cp.methods[k].checks {
				w.observe(per, encID, at, slot, &s)
			}
			if d >= end { // the visit fell after the episode's end: a last check, nothing issued
				w.contraVisitReason(per, encID, condRow)
				break
			}
		}
		if !w.contraAllowed(per, k, d) {
			if k == cp.switchTo || !w.contraAllowed(per, cp.switchTo, d) {
				w.contraVisitReason(per, encID, condRow)
				break // nothing hormonal the practice may give: the episode ends
			}
			if encID != "" { // the new method's checks not taken already
				for _, slot := range cp.methods[cp.switchTo].checks {
					if !slices.Contains(cp.methods[k].checks, slot) {
						w.observe(per, encID, at, slot, &s)
					}
				}
			}
			k, first = cp.switchTo, true
		}
		mt := &cp.methods[k]
		reg := mt.m.regimen(per.ageOn(d), 0)
		supply := mt.supply
		if first {
			supply = mt.first
		}
		issueEnd := min(d+models.Date(supply)-1, per.birthday(reg.MaxAge+1)-1, end)
		if on := w.contraRuledOutFrom(per, k, d, issueEnd); on != 0 {
			issueEnd = on - 1
		}
		if encID != "" {
			if condRow < 0 { // begun in the record: dated by its first visit, not the day drawn
				condRow = w.contraProblem(per, start, d, encID)
			}
			w.contraVisitReason(per, encID, condRow)
			lastRx = w.contraIssue(per, encID, condRow, reg, d, issueEnd, mt.supply > 365)
		}
		first = false
		d = max(issueEnd+1, d+1)
	}
	if condRow >= 0 && lastRx >= 0 {
		if e := w.b.Prescriptions[lastRx].EndDate; e != models.NoDate && e < per.lastDay && (per.death == models.NoDate || e < per.death) {
			w.b.Conditions[condRow].ResolvedDate = e + 1
		}
	}
}

// contraAllowed reports whether method k may be issued to the woman on day
// d: the prescribing rules (the product's age limits, allergies, the
// conditions that rule it out) and its UKMEC criteria (smoking from an age,
// the latest recorded reading, a cancer site).
func (w *worker) contraAllowed(per *person, k int, d models.Date) bool {
	mt := &w.plan.contraception.methods[k]
	if !w.allowedAs(per, mt.m, d, math.Inf(1), -1, false) {
		return false
	}
	for _, r := range mt.rules {
		switch {
		case r.smokerFrom > 0 && per.ageOn(d) >= r.smokerFrom && per.smoking.statusOn(d) == currentSmoker:
			return false
		case r.site != "" && siteBy(per, r.site, d):
			return false
		case r.snomed != "":
			if v, ok := w.latestRecorded(per, r.snomed, d, r.within); ok && v >= r.atLeast {
				return false
			}
		}
	}
	return true
}

// contraRuledOutFrom is the first day in (d, until] on which a condition
// (or cancer site) that rules method k out begins; 0 when none does.
func (w *worker) contraRuledOutFrom(per *person, k int, d, until models.Date) models.Date {
	mt := &w.plan.contraception.methods[k]
	first := models.Date(0)
	for i := range per.conds {
		hc := &per.conds[i]
		if hc.onset <= d || hc.onset > until {
			continue
		}
		rules := false
		for _, ci := range mt.m.contraCnd {
			rules = rules || hc.plan.idx == ci
		}
		for _, r := range mt.rules {
			rules = rules || (r.site != "" && hc.site != nil && hc.site.Key == r.site)
		}
		if rules && (first == 0 || hc.onset < first) {
			first = hc.onset
		}
	}
	return first
}

// latestRecorded is the latest value of the observation code recorded for
// the person on or before day d, within the days before it.
func (w *worker) latestRecorded(per *person, snomed string, d models.Date, within int) (float64, bool) {
	var at models.Timestamp
	v, ok := 0.0, false
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		day := o.EffectiveTime.Date()
		if o.SnomedCode != snomed || o.Value == nil || day > d || int(d-day) > within || (ok && o.EffectiveTime < at) {
			continue
		}
		v, at, ok = *o.Value, o.EffectiveTime, true
	}
	return v, ok
}

// siteBy reports whether a cancer of the primary site has been diagnosed
// by day.
func siteBy(per *person, site string, day models.Date) bool {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.site != nil && hc.site.Key == site && hc.onset <= day {
			return true
		}
	}
	return false
}

// contraProblem writes the contraception entry of the problem list, from
// the episode's start (before the record opens) or its first visit, and
// returns its row.
func (w *worker) contraProblem(per *person, start, visit models.Date, encID string) int {
	ind := &w.plan.contraception.c.Indication
	diag := ""
	if start >= per.firstDay {
		diag, start = encID, visit
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: w.ids.row(tagCondition), PatientID: per.id,
		ConditionKey: ind.Key, SnomedCode: ind.Snomed, ICD10Code: ind.ICD10, Description: ind.Description,
		Chronic: true, OnsetDate: start, ResolvedDate: models.NoDate, DiagnosisEncounterID: diag}) // a problem-list entry, as a register is
	return len(w.b.Conditions) - 1
}

// contraVisitReason makes the visit's reason the contraception problem.
func (w *worker) contraVisitReason(per *person, encID string, condRow int) {
	if encID == "" {
		return
	}
	if condRow < 0 { // stopped at the first recorded visit: the problem is coded there
		return
	}
	for e := len(w.b.Encounters) - 1; e >= per.encFrom; e-- {
		if w.b.Encounters[e].EncounterID == encID {
			w.b.Encounters[e].ReasonConditionID = w.b.Conditions[condRow].ConditionID
			return
		}
	}
}

// contraIssue writes one issue of the regimen from d to end (open when it
// runs past the last day, to the death when it would outlast it) and
// returns its row. A device or implant is a one-off (acute) issue.
func (w *worker) contraIssue(per *person, encID string, condRow int, reg *datasets.Regimen, d, end models.Date, oneOff bool) int {
	switch {
	case per.death != models.NoDate && end >= per.death:
		end = per.death
	case end >= per.lastDay:
		end = models.NoDate
	}
	typ := models.PrescriptionRepeat
	if oneOff {
		typ = models.PrescriptionAcute
	}
	w.issue(per, encID, w.b.Conditions[condRow].ConditionID, reg, d, end, typ)
	return len(w.b.Prescriptions) - 1
}
