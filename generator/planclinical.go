package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// buildMedPlans resolves, for every medicine with a verified code, its
// regimens and what the prescribing rules say about it.
func (p *Plan) buildMedPlans() error {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	p.medPlans = map[string]*medPlan{}
	for key, med := range p.medicines {
		regs := datasets.LadderRegimens(key, "") // a ladder of its own: optionPlan
		if len(regs) == 0 {
			continue // no verified product: never prescribed
		}
		m := &medPlan{med: med, regimens: regs, classes: datasets.MedicineClasses(key), preventive: datasets.Preventive(key)}
		for _, c := range rules.ExclusiveClasses {
			if m.inClass(c.Class) {
				m.exclusive = append(m.exclusive, c.Class)
			}
		}
		for i := range rules.ClassLimits {
			if m.inClass(rules.ClassLimits[i].Class) {
				m.limits = append(m.limits, &rules.ClassLimits[i])
			}
		}
		for _, r := range rules.Replaces {
			if m.inClass(r.Starting) {
				m.replaces = append(m.replaces, r.Stops)
			}
		}
		for i := range rules.Renal {
			if rules.Renal[i].AppliesTo(key) {
				m.renal = &rules.Renal[i]
			}
		}
		for _, a := range rules.AfterEvent {
			if a.Medicine == key {
				m.alongside = a.Alongside
			}
		}
		for _, ps := range rules.ProgressionSteps {
			if ps.Medicine == key {
				m.progression = append(m.progression, ps)
			}
		}
		for _, st := range rules.Starters { // the titration course a start begins with (starter.go)
			if st.Medicine == key {
				if g, ok := st.Regimen(); ok {
					m.starter, m.starterDays = &g, models.Date(st.Days)
				}
			}
		}
		for _, a := range rules.AvailableFrom { // not started before its launch, for any line (ladders.go keeps it)
			if a.Medicine == key {
				m.from = a.From.Date()
			}
		}
		for _, c := range rules.Contraindications {
			if !c.AppliesTo(key) {
				continue
			}
			if c.Frailty != "" { // a start barred in frailty (startbars.go)
				f, err := datasets.LoadFrailty() // (the prescribing loader checked the name)
				if err != nil {
					return err
				}
				m.startBars = append(m.startBars, startBar{frailty: f.Category(c.Frailty) + 1})
				continue
			}
			if c.FromAge > 0 { // a start barred from an age (startbars.go)
				m.startBars = append(m.startBars, startBar{fromAge: c.FromAge, class: c.ClassRunning})
				if c.ClassRunning != "" {
					m.classBarred = true
					if p.classBarAge == 0 || c.FromAge < p.classBarAge {
						p.classBarAge = c.FromAge
					}
				}
				continue
			}
			if len(c.AndRunning) > 0 {
				m.contraBoth = append(m.contraBoth, classPair{class: c.ClassRunning, and: c.AndRunning})
				continue
			}
			if c.ClassRunning != "" {
				m.contraCls = append(m.contraCls, c.ClassRunning)
				continue
			}
			if c.AfterEpisode != "" { // afterepisode.go
				pi := slices.IndexFunc(p.Cat.Presentations, func(pr datasets.Presentation) bool { return pr.Key == c.AfterEpisode })
				if pi < 0 {
					return fmt.Errorf("prescribing.yaml: contraindication after_episode names unknown presentation %q", c.AfterEpisode)
				}
				m.contraAfter = append(m.contraAfter, episodeBar{pres: pi, key: c.AfterEpisode, days: models.Date(c.ForDays)})
				continue
			}
			ci, ok := p.condIndex[c.Condition]
			if !ok {
				return fmt.Errorf("prescribing.yaml: contraindication names unknown condition %q", c.Condition)
			}
			m.contraCnd = append(m.contraCnd, ci)
		}
		p.medPlans[key] = m
	}
	p.indexMedPlansByDMD()
	p.resolveCompanions(rules.Companions)           // companions.go
	p.resolveStartCover(rules.StartCover)           // startcover.go
	p.resolveClassSwitches(rules.Contraindications) // classswitch.go
	p.resolveTriedFirst(rules.TriedFirst)           // triedfirst.go

	if err := p.resolveEpisodeHolds(rules.EpisodeHolds); err != nil { // episodehold.go
		return err
	}
	if eol := p.Cat.EndOfLife; eol != nil && eol.Anticipatory != nil {
		for _, c := range eol.Anticipatory.Medicines {
			p.anticipatory = append(p.anticipatory, p.shortCourse(c, p.medPlans[c.Drug]))
		}
	}
	if eol := p.Cat.EndOfLife; eol != nil && eol.SymptomControl != nil {
		for _, c := range eol.SymptomControl.Medicines {
			p.symptomControl = append(p.symptomControl, p.shortCourse(c, p.medPlans[c.Drug]))
		}
	}
	if eol := p.Cat.EndOfLife; eol != nil && eol.SyringeDriver != nil {
		for _, c := range eol.SyringeDriver.Medicines {
			p.syringe = append(p.syringe, p.syringeCourse(c, eol.SyringeDriver.Ladder))
		}
	}
	return nil
}

// resolveCourse resolves a condition's clinical-course fields to slots and
// indexes.
func (p *Plan) resolveCourse(cp *condPlan) error {
	c := cp.Condition
	slot := func(key string) (int, error) {
		s, ok := p.obsIndex[key]
		if !ok {
			return 0, fmt.Errorf("catalogue: condition %s names unknown observation %q", c.Key, key)
		}
		return s, nil
	}
	var err error
	if c.CareTarget != nil {
		if cp.targetSlot, err = slot(c.CareTarget.Observation); err != nil {
			return err
		}
		cp.notWith = p.condIndexes(c.CareTarget.NotWith)
	}
	if len(c.Stages) > 0 {
		cp.stages = c.Stages
		if cp.stagedBy, err = slot(c.StagedBy); err != nil {
			return err
		}
	}
	for _, r := range c.Referral {
		rp := referralPlan{Referral: r, slot: -1, soonerBy: -1}
		for _, k := range r.UnlessTreatedWith {
			ci, ok := p.condIndex[k]
			if !ok {
				return fmt.Errorf("catalogue: %s referral unless_treated_with: unknown condition %q", c.Key, k)
			}
			rp.unless = append(rp.unless, ci)
		}
		if so := r.Sooner; so != nil {
			if rp.soonerBy, err = slot(so.Observation); err != nil || p.obsModels[rp.soonerBy] == nil || so.Days[0] <= 0 || so.Days[1] < so.Days[0] || so.Source == "" {
				return fmt.Errorf("catalogue: %s referral sooner: a numeric observation, days [least, most] above 0 and a source", c.Key)
			}
		}
		if r.Procedure != "" {
			code, ok := datasets.ObservationByKey(r.Procedure)
			if !ok {
				return fmt.Errorf("catalogue: %s referral procedure %q is not in observation_codes.csv", c.Key, r.Procedure)
			}
			rp.procedure = &code
		}
		for _, key := range r.Readings {
			k, err := slot(key)
			if err != nil {
				return err
			}
			if r.Procedure == "" || p.obsModels[k] == nil {
				return fmt.Errorf("catalogue: %s referral reading %q: a numeric observation measured at the referral's procedure", c.Key, key)
			}
			rp.readings = append(rp.readings, k)
		}
		if r.Observation != "" {
			if rp.slot, err = slot(r.Observation); err != nil {
				return err
			}
		}
		rp.reviewBy = -1
		if r.Course != nil { // the practice's follow-up after the service's course (referralcourse.go)
			if rp.reviewBy, err = slot(r.Course.Review); err != nil {
				return err
			}
		}
		if r.Recorded != "" {
			code, ok := datasets.ObservationByKey(r.Recorded)
			if !ok {
				return fmt.Errorf("condition %s: referral recorded by unknown observation %q", c.Key, r.Recorded)
			}
			rp.recorded = &code
		}
		if dc := r.Declined; dc != nil {
			code, _ := datasets.ObservationByKey(dc.Recorded) // checked by the catalogue
			rp.declined = &code
		}
		cp.referrals = append(cp.referrals, rp)
	}
	if c.Progression != nil {
		for _, f := range c.Progression.FasterWith {
			if f.Smoking != "" { // current smokers at diagnosis
				cp.faster = append(cp.faster, rateFactor{given: -1, times: f.Times})
				continue
			}
			gi, ok := p.condIndex[f.Given]
			if !ok {
				return fmt.Errorf("catalogue: condition %s: progression faster_with unknown condition %q", c.Key, f.Given)
			}
			cp.faster = append(cp.faster, rateFactor{given: gi, times: f.Times})
		}
	}
	if err := p.resolveFound(cp); err != nil {
		return err
	}
	p.resolveBandRepeat(cp)        // bandrepeat.go
	resolveAssessedAtDiagnosis(cp) // assessedatdiagnosis.go
	if err := p.resolveConfirm(cp); err != nil {
		return err
	}
	if err := p.resolveElsewhere(cp); err != nil {
		return err
	}
	p.resolveAddOns(cp)
	return nil
}

// buildPresentations resolves the presentations' settings, sex, required
// conditions and acute courses.
func (p *Plan) buildPresentations() error {
	for _, pr := range p.Cat.Presentations {
		pp := presPlan{Presentation: pr, requires: -1, sex: -1}
		for sx := range pp.weights {
			for set, w := range [numPresSettings][]float64{pr.AE, pr.Emergency, pr.Elective, pr.Outpatient, pr.GP} {
				pp.weights[sx][set] = sexWeights(&pr, sx, w)
			}
		}
		if pr.Requires != "" {
			ci, ok := p.condIndex[pr.Requires]
			if !ok {
				return fmt.Errorf("catalogue: presentation %s requires unknown condition %q", pr.Key, pr.Requires)
			}
			pp.requires = ci
		}
		if pr.Sex != "" {
			pp.sex = sexIndex(pr.Sex)
		}
		for _, c := range pr.Prescribe {
			if m := p.medPlans[c.Drug]; m != nil {
				pp.courses = append(pp.courses, p.shortCourse(c, m))
			} else if _, known := p.medicines[c.Drug]; !known {
				return fmt.Errorf("catalogue: presentation %s prescribes unknown medicine %q", pr.Key, c.Drug)
			}
		}
		if l := pr.ContactLadder; l != nil {
			for _, c := range l.Steps {
				sc := p.shortCourse(c, p.medPlans[c.Drug])
				sc.notBeside = true
				pp.ladder = append(pp.ladder, sc)
				pp.repeats = pp.repeats || c.ForEpisode
			}
		}
		code, ok := assessCode(&pr)
		if !ok {
			return fmt.Errorf("catalogue: presentation %s assesses with unknown observation %q", pr.Key, pr.Assess.Observation)
		}
		pp.assess = code
		if pr.Assess != nil && pr.Assess.Signpost != nil {
			sp, _ := datasets.ObservationByKey(pr.Assess.Signpost.Recorded) // checked by the loader
			pp.signpost = &sp
		}
		p.presentations = append(p.presentations, pp)
	}
	p.buildPresentationTables()
	p.followUpBound = p.followUpBounds()
	p.gpSpread = p.Cat.Activity.GPWeekdays.Spread()
	if err := p.resolveCauseAdmissions(); err != nil {
		return err
	}
	return p.resolveAdmittedFor()
}

// resolveCauseAdmissions resolves each background cause of death's
// admitted_with presentations to their indices.
func (p *Plan) resolveCauseAdmissions() error {
	p.causeAdmits = make([][]int, len(p.Cat.BackgroundCauses))
	for i, bc := range p.Cat.BackgroundCauses {
		for _, key := range bc.AdmittedWith {
			pi := slices.IndexFunc(p.presentations, func(pp presPlan) bool { return pp.Key == key })
			if pi < 0 {
				return fmt.Errorf("catalogue: cause of death %s admitted_with unknown presentation %q", bc.Key, key)
			}
			p.causeAdmits[i] = append(p.causeAdmits[i], pi)
		}
	}
	return nil
}

// shortCourse resolves an acute course to its medicines (m: its drug's).
func (p *Plan) shortCourse(c datasets.ShortCourse, m *medPlan) shortCoursePlan {
	sc := shortCoursePlan{ShortCourse: c, meds: m, alt: p.medPlans[c.IfAllergic], last: p.medPlans[c.IfRuledOut], then: p.medPlans[c.ThenRuledOut], sex: -1}
	if c.Sex != "" {
		sc.sex = sexIndex(c.Sex)
	}
	if c.Older != nil {
		sc.older = p.medPlans[c.Older.Drug]
	}
	return sc
}

// sexWeights is a presentation's band weights for one sex: as written for
// women, times its male_relative for men.
func sexWeights(pr *datasets.Presentation, sex int, w []float64) []float64 {
	if w == nil || len(pr.MaleRelative) == 0 {
		return w
	}
	out := make([]float64, len(w))
	for b := range w {
		out[b] = w[b] * pr.SexWeight(sex, b)
	}
	return out
}

// resolveSmokingValues finds, among smoking status's coded values, the one
// for each status, by the finding codes of the code list (never_smoked,
// smoker, ex_smoker in observation_codes.csv).
func (p *Plan) resolveSmokingValues() error {
	values := p.coded[p.slots.smoking].values
	for status, key := range map[int]string{neverSmoked: "never_smoked", currentSmoker: "smoker", exSmoker: "ex_smoker"} {
		code, _ := datasets.ObservationByKey(key)
		found := false
		for i, v := range values {
			if v.Code == code.Snomed && code.Snomed != "" {
				p.smokingValue[status], found = i, true
			}
		}
		if !found {
			return fmt.Errorf("catalogue: smoking_status has no value for %s", key)
		}
	}
	return nil
}

// presTable samples the presentations open to everyone of a sex in a setting
// and age band.
type presTable struct {
	index []int // presentation indexes, in the sampler's order
	pick  *distributions.Alias
	total float64
	// uncoded: the weight of clinic attendances and planned procedures the
	// model does not book (activity.outpatient_referral uncoded,
	// elective_referral uncoded)
	uncoded float64
}

// buildPresentationTables precomputes, per setting, band and sex, the alias
// table of presentations without a required condition, and lists those with
// one (exacerbations), which are weighed per person.
func (p *Plan) buildPresentationTables() {
	bands := len(p.Cat.Bands)
	for set := 0; set < numPresSettings; set++ {
		p.presOpen[set] = make([][2]presTable, bands)
		for b := 0; b < bands; b++ {
			for sx := 0; sx < 2; sx++ {
				var t presTable
				var weights []float64
				for i := range p.presentations {
					pr := &p.presentations[i]
					wt := pr.weights[sx][set]
					if pr.requires >= 0 || wt == nil || wt[b] == 0 || (pr.sex >= 0 && pr.sex != sx) {
						continue
					}
					t.index = append(t.index, i)
					weights = append(weights, wt[b])
					t.total += wt[b]
				}
				if t.total > 0 {
					t.pick = distributions.NewAlias(weights)
				}
				if un := p.Cat.Activity.OutpatientReferral.Uncoded; set == presOutpatient && un.Female != nil {
					t.uncoded = un.For(sexNames[sx])[b]
				}
				if un := p.Cat.ElectiveReferral.Uncoded; set == presElective && un.Female != nil {
					t.uncoded = un.For(sexNames[sx])[b]
				}
				p.presOpen[set][b][sx] = t
			}
		}
	}
	for i := range p.presentations {
		if p.presentations[i].requires >= 0 {
			p.presCond = append(p.presCond, i)
		}
		if p.presentations[i].Prone != nil {
			p.presProne = append(p.presProne, i)
		}
		if p.presentations[i].RaisedBy != nil {
			p.presRaised = append(p.presRaised, i)
		}
		if pr := &p.presentations[i]; pr.GPFollowUp != nil {
			p.presFollowUp = append(p.presFollowUp, i)
			pr.followUpCode, _ = datasets.ObservationByKey(pr.GPFollowUp.Recorded) // the catalogue check found it
			for _, k := range pr.GPFollowUp.Assess {
				pr.followUpAssess = append(pr.followUpAssess, p.condIndex[k]) // (the catalogue check found it)
			}
		}
		if p.presentations[i].PerYear != nil {
			p.presPerYear = append(p.presPerYear, i)
		}
		if pr := &p.presentations[i]; pr.Procedure != nil && !pr.Refers() {
			p.listedAtClinic = append(p.listedAtClinic, i)
		}
	}
}

// condIndexes resolves catalogue condition keys (checked when the catalogue
// loads) to indexes.
func (p *Plan) condIndexes(keys []string) []int {
	var out []int
	for _, k := range keys {
		out = append(out, p.condIndex[k])
	}
	return out
}

// suitsConditions reports whether option i of the line suits the conditions
// the person holds on day d (its with and without lists).
func (l *linePlan) suitsConditions(per *person, i int, d models.Date) bool {
	for _, ci := range l.with[i] {
		if k := heldIndex(per, ci); k < 0 || per.conds[k].onset > d {
			return false
		}
	}
	for _, ci := range l.without[i] {
		if k := heldIndex(per, ci); k >= 0 && per.conds[k].onset <= d {
			return false
		}
	}
	return true
}

// indexMedPlansByDMD indexes the medicine plans by product code, as rxPlan
// reads a prescription's: rxPlan runs for every issue in each pass that
// scans them, and two string-keyed lookups (the regimen, then its
// medicine's plan) were 2.7% of generation's CPU (stop 52). Codes whose
// medicine has no plan are left out (a nil plan, as before).
func (p *Plan) indexMedPlansByDMD() {
	p.medPlanByDMD = map[string]*medPlan{}
	for _, code := range datasets.RegimenCodes() {
		g, _ := datasets.RegimenByDMD(code)
		if m := p.medPlans[g.Medicine]; m != nil {
			p.medPlanByDMD[code] = m
		}
	}
}
