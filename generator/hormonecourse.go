package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// issuedCourse is a course of hormones issued at visits that record its
// checks, each issue allowed only if the prescribing rules allow it that day
// (contraception.yaml, menopause.yaml; the eligibility criteria of
// prescribing.yaml), resolved once per run.
type issuedCourse struct {
	methods  []contraMethod
	pick     *distributions.Alias // the method first chosen
	switchTo int                  // index in methods: where a ruled-out method moves
	contact  contact              // what its visits are booked as
	device   map[string]bool      // HRT: dm+d codes of the progestogen device (ius.go; nil: none)
}

// contraMethod is one method: its medicine, supply and checks, and the
// eligibility criteria that apply to it.
type contraMethod struct {
	m             *medPlan
	seq           *medPlan // HRT: the sequential product issued while periods go on (nil: none)
	oestrogenOnly *medPlan // HRT: the product issued beside a progestogen device (nil: none; ius.go)
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
	vte        bool // a DVT or PE ever recorded (hormonevte.go)
}

// buildHormoneCourse resolves a course's methods against the medicine plans
// and the eligibility criteria of their classes.
func (p *Plan) buildHormoneCourse(file string, methods []datasets.ContraceptiveMethod, switchTo string, ct contact) (*issuedCourse, error) {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return nil, err
	}
	hc := &issuedCourse{contact: ct}
	shares := make([]float64, len(methods))
	for i, mt := range methods {
		m := p.medPlans[mt.Medicine]
		if m == nil {
			return nil, fmt.Errorf("%s: %s has no prescribable product", file, mt.Medicine)
		}
		cm := contraMethod{m: m, first: mt.FirstSupplyDays, supply: mt.SupplyDays}
		if mt.Sequential != "" {
			if cm.seq = p.medPlans[mt.Sequential]; cm.seq == nil {
				return nil, fmt.Errorf("%s: %s has no prescribable product", file, mt.Sequential)
			}
		}
		if mt.OestrogenOnly != "" {
			if cm.oestrogenOnly = p.medPlans[mt.OestrogenOnly]; cm.oestrogenOnly == nil {
				return nil, fmt.Errorf("%s: %s has no prescribable product", file, mt.OestrogenOnly)
			}
		}
		for _, k := range mt.Checks {
			cm.checks = append(cm.checks, p.obsIndex[k])
		}
		for _, e := range rules.ContraceptionEligibility {
			if !m.inClass(e.Class) {
				continue
			}
			r := contraRule{smokerFrom: e.SmokerFromAge, atLeast: e.AtLeast, within: e.WithinDays, site: e.CancerSite, vte: e.VTE}
			if e.Observation != "" {
				r.snomed = p.obsCodes[p.obsIndex[e.Observation]].Snomed
			}
			cm.rules = append(cm.rules, r)
		}
		if mt.Medicine == switchTo {
			hc.switchTo = i
		}
		shares[i] = mt.Share
		hc.methods = append(hc.methods, cm)
	}
	hc.pick = distributions.NewAlias(shares)
	return hc, nil
}

// course runs a hormone course of method k from start to end: each issue
// at a visit that records the method's checks; a method ruled out on the
// day is switched to the course's switchTo at that visit, and the course
// ends when that is ruled out too; a condition that rules the method out
// mid-supply ends the supply the day before it begins. Issues before the
// history window are simulated but not recorded. condRow is the problem the
// issues are for (-1: problem writes it at the first recorded visit, from
// the course's start or that visit). A method with a sequential product
// issues it before day seqUntil, the supply then ending the day before it,
// so that the visit on it moves her to the continuous product (0: never).
// It returns the problem's row and the last issue's row (-1 when none was
// written).
func (w *worker) course(per *person, hc *issuedCourse, k int, start, end, seqUntil models.Date, condRow int,
	problem func(visit models.Date, encID string) int, s *distributions.Stream) (int, int) {
	lastRx, first := -1, true
	for d := start; d < end && d <= per.lastDay && !per.inEndOfLifeCare(d); {
		encID, at := "", models.Timestamp(0)
		if condRow < 0 && !w.courseAllowed(per, hc, k, d) && (k == hc.switchTo || !w.courseAllowed(per, hc, hc.switchTo, d)) {
			// nothing the practice may give from the start: no visit is
			// booked (thirteenth review: such a visit recorded a blood
			// pressure with nothing else, days after a check-up's)
			break
		}
		if d >= per.firstDay {
			id, t, ok := w.gpVisitFor(per, d, encGPConsultation, hc.contact, "", s)
			if !ok {
				break
			}
			encID, d, at = id, t.Date(), t.AddMinutes(5)
			for _, slot := range hc.methods[k].checks {
				w.observe(per, encID, at, slot, s)
			}
			if d >= end { // the visit fell after the course's end: a last check, nothing issued
				condRow = w.visitAbout(per, encID, d, condRow, problem)
				break
			}
		}
		if !w.courseAllowed(per, hc, k, d) {
			if k == hc.switchTo || !w.courseAllowed(per, hc, hc.switchTo, d) {
				condRow = w.visitAbout(per, encID, d, condRow, problem)
				break // nothing the practice may give: the course ends
			}
			if encID != "" { // the new method's checks not taken already
				for _, slot := range hc.methods[hc.switchTo].checks {
					if !slices.Contains(hc.methods[k].checks, slot) {
						w.observe(per, encID, at, slot, s)
					}
				}
			}
			k, first = hc.switchTo, true
		}
		mt := &hc.methods[k]
		product, last := mt.m, end
		if mt.seq != nil && d < seqUntil { // periods go on: sequential HRT (brief h58f)
			product, last = mt.seq, min(end, seqUntil-1)
		}
		if until, ok := w.progestogenDevice(per, hc, d); ok && mt.oestrogenOnly != nil { // ius.go (brief h74e)
			product, last = mt.oestrogenOnly, min(end, until)
		}
		reg := product.regimen(per.ageOn(d), 0)
		supply := mt.supply
		if first {
			supply = mt.first
		}
		issueEnd := min(d+models.Date(supply)-1, per.birthday(reg.MaxAge+1)-1, last)
		next := issueEnd + 1
		if on := w.courseRuledOutFrom(per, hc, k, d, issueEnd); on != 0 {
			// the supply stops the day before the event; the visit that
			// moves her on comes after it (brief h71h: not the morning of
			// the DVT that A&E diagnoses hours later)
			issueEnd, next = on-1, on+1
		}
		if encID != "" {
			if condRow < 0 { // begun in the record: dated by its first visit, not the day drawn
				condRow = problem(d, encID)
			}
			w.contraVisitReason(per, encID, condRow)
			lastRx = w.contraIssue(per, encID, condRow, reg, d, issueEnd, mt.supply > 365)
		}
		first = false
		d = max(next, d+1)
	}
	return condRow, lastRx
}

// resolveAfterCourse resolves the course's problem the day after its last
// issue runs out, unless that is past the last day or the death.
func (w *worker) resolveAfterCourse(per *person, condRow, lastRx int) {
	if condRow < 0 || lastRx < 0 {
		return
	}
	if e := w.b.Prescriptions[lastRx].EndDate; e != models.NoDate && e < per.lastDay && (per.death == models.NoDate || e < per.death) {
		w.b.Conditions[condRow].ResolvedDate = e + 1
	}
}

// courseAllowed reports whether method k may be issued to the woman on day
// d: the prescribing rules (the product's age limits, allergies, the
// conditions that rule it out) and its eligibility criteria (smoking from
// an age, the latest recorded reading, a cancer site, a VTE).
func (w *worker) courseAllowed(per *person, hc *issuedCourse, k int, d models.Date) bool {
	mt := &hc.methods[k]
	if !w.allowedAs(per, mt.m, d, math.Inf(1), -1, false) {
		return false
	}
	for _, r := range mt.rules {
		switch {
		case r.smokerFrom > 0 && per.ageOn(d) >= r.smokerFrom && per.smoking.statusOn(d) == currentSmoker:
			return false
		case r.site != "" && siteBy(per, r.site, d):
			return false
		case r.vte && w.vteOnsetIn(per, per.birth, d) != 0:
			return false
		case r.snomed != "":
			if v, ok := w.latestRecorded(per, r.snomed, d, r.within); ok && v >= r.atLeast {
				return false
			}
		}
	}
	return true
}

// courseRuledOutFrom is the first day in (d, until] on which a condition
// (a cancer site, a VTE) that rules method k out begins; 0 when none does.
func (w *worker) courseRuledOutFrom(per *person, hc *issuedCourse, k int, d, until models.Date) models.Date {
	mt := &hc.methods[k]
	first := models.Date(0)
	for i := range per.conds {
		c := &per.conds[i]
		if c.onset <= d || c.onset > until {
			continue
		}
		rules := false
		for _, ci := range mt.m.contraCnd {
			rules = rules || c.plan.idx == ci
		}
		for _, r := range mt.rules {
			rules = rules || (r.site != "" && c.site != nil && c.site.Key == r.site)
		}
		if rules && (first == 0 || c.onset < first) {
			first = c.onset
		}
	}
	if slices.ContainsFunc(mt.rules, func(r contraRule) bool { return r.vte }) {
		if on := w.vteOnsetIn(per, d+1, until); on != 0 && (first == 0 || on < first) {
			first = on // one scan of the conditions, not one a rule
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

// courseProblem writes the problem-list entry a course is for, from start
// (before the record opens) or the visit that codes it, and returns its row.
func (w *worker) courseProblem(per *person, ind *datasets.CodedProblem, start, visit models.Date, encID string) int {
	diag := ""
	if start >= per.firstDay {
		diag, start = encID, visit
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: w.ids.row(tagCondition), PatientID: per.id,
		ConditionKey: ind.Key, SnomedCode: ind.Snomed, ICD10Code: ind.ICD10, Description: ind.Description,
		Chronic: true, OnsetDate: start, ResolvedDate: models.NoDate, DiagnosisEncounterID: diag}) // a problem-list entry, as a register is
	return len(w.b.Conditions) - 1
}

// visitAbout makes a visit that ends the course, issuing nothing, about its
// problem, coding the problem there when the course had none yet (review 9:
// a check-up that records a blood pressure names what it is about). It
// returns the problem's row (-1 when there is no visit).
func (w *worker) visitAbout(per *person, encID string, d models.Date, condRow int, problem func(models.Date, string) int) int {
	if encID == "" {
		return condRow
	}
	if condRow < 0 {
		condRow = problem(d, encID)
	}
	w.contraVisitReason(per, encID, condRow)
	return condRow
}

// contraVisitReason makes the visit's reason the course's problem.
func (w *worker) contraVisitReason(per *person, encID string, condRow int) {
	if encID == "" || condRow < 0 {
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
