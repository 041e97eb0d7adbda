package generator

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// cohortPlan is a scenario cohort (or subgroup, or persona) compiled for
// generation: every constraint turned into something the generator can
// satisfy directly, so that no patient is generated and thrown away.
type cohortPlan struct {
	name    string
	persona *scenario.Persona

	sexAge   *distributions.Alias // alive members: sex and age at the population date, weighted by P(conditions | age, sex)
	deathAge []*distributions.Alias
	died     bool
	diedFrom models.Date // died on or after this day (with died)

	sex     int // -1 any
	regions []int
	towns   []int // town indexes allowed; nil = any in the region
	// practice is the index of the practice every member is registered
	// with, -1 for the town's practices.
	practice int

	force  []bool    // per condition: must have
	block  []bool    // per condition: must not have
	boost  []float64 // per condition: 1 + how much a forced condition raises it (posterior of risk factors)
	drugs  []forcedDrug
	counts []countPlan // how many of a list of conditions (counts.go)
	// smoking is the status asked for (-1 any) and pack the index in obs
	// of a pack-years need (-1 none): smoking_constraint.go.
	smoking, pack int
	ethnicPick    *distributions.Alias // nil: England's shares (ethnicity.go)
	absent        []absentNeed         // observations not recorded in a window (absent.go)
	diagnosedFrom map[int]models.Date  // condition -> diagnosed on or after (diagnosed.go)
	blockDrg      map[string]bool      // dm+d codes never prescribed
	obs           []obsNeed
	encs          []encNeed
	gpCaps        []gpCap // at most so many GP contacts in a window (gpcap.go)
	// stageLo and stageHi (0: none) bound the staging reading of a staged
	// condition at the reference day: ckd_stage (state_constraints.go).
	stageLo, stageHi float64
	stages           [2]int // the first and last stage asked for (CKDStages indexes)
}

// forces reports whether the cohort puts its members on the medicine: a
// scenario's "on" list holds to the end of the record, even in the last
// weeks of life (nil-safe).
func (cp *cohortPlan) forces(med *datasets.Medicine) bool {
	if cp == nil {
		return false
	}
	for _, fd := range cp.drugs {
		if fd.med == med {
			return true
		}
	}
	return false
}

type forcedDrug struct {
	med  *datasets.Medicine
	cond int // the indication
	line int // treatment line index; -1: prescribed alongside the pathway
}

type obsNeed struct {
	slot     int
	min, max float64
	from     models.Date // the latest observation on or after this day must be in range
	// lastYear: recorded in the member's last year (their own, for a
	// member who died), whatever from says.
	lastYear bool
}

type encNeed struct {
	kind    encKind
	setting string
	from    models.Date
	atLeast int
	// current: an admission in progress at the end of the history;
	// discharged: one that ended on or after dischargedFrom (admitted.go).
	current, discharged bool
	dischargedFrom      models.Date
	// reasonPres or reasonCond (-1 when not) is the presentation or held
	// condition the encounter is for (reasons.go).
	reasonPres, reasonCond int
}

// segment maps a range of patient indexes to the cohort they belong to
// (nil: ordinary background patients).
type segment struct {
	first, end int64
	cohort     *cohortPlan
}

// CohortRange names the cohort of a range of patient indexes.
type CohortRange struct {
	Name       string
	First, End int64
}

// Layout lists the scenario's cohort ranges (background patients excluded).
func (p *Plan) Layout() []CohortRange {
	var out []CohortRange
	for _, s := range p.layout {
		if s.cohort != nil {
			out = append(out, CohortRange{Name: s.cohort.name, First: s.first, End: s.end})
		}
	}
	return out
}

// cohortAt returns the cohort of patient i, or nil.
func (p *Plan) cohortAt(i int64) *cohortPlan {
	for k := range p.layout {
		if s := &p.layout[k]; i >= s.first && i < s.end {
			return s.cohort
		}
	}
	return nil
}

// buildLayout lays the scenario's patients out by index: each cohort's
// subgroups then the rest of the cohort, then personas, then background.
func (p *Plan) buildLayout(sc *scenario.Scenario) error {
	var next int64
	add := func(n int64, c *cohortPlan) {
		if n > 0 {
			p.layout = append(p.layout, segment{first: next, end: next + n, cohort: c})
			next += n
		}
	}
	for _, c := range sc.Cohorts {
		if c.Overlap {
			if err := p.overlapLayout(c, add); err != nil {
				return err
			}
			continue
		}
		var inSub int64
		for _, sub := range c.Subgroups {
			merged := mergeConstraints(c.Constraints, sub.Constraints)
			cp, err := p.compileCohort(c.Name+"/"+sub.Name, merged, nil)
			if err != nil {
				return err
			}
			add(sub.Count, cp)
			inSub += sub.Count
		}
		cp, err := p.compileCohort(c.Name, c.Constraints, nil)
		if err != nil {
			return err
		}
		add(c.Count-inSub, cp)
	}
	for i := range sc.Personas {
		per := &sc.Personas[i]
		cons := per.Constraints
		cons.AgeMin, cons.AgeMax = per.Age, per.Age
		cons.Has = appendNew(cons.Has, per.Conditions...)
		cons.OnMedicines = appendNew(cons.OnMedicines, per.Medicines...)
		cp, err := p.compileCohort("persona:"+per.Key, cons, per)
		if err != nil {
			return err
		}
		add(1, cp)
	}
	add(sc.Background, nil)
	if next != p.Opts.Patients {
		return fmt.Errorf("scenario lays out %d patients but the run has %d", next, p.Opts.Patients)
	}
	return nil
}

func appendNew(list []string, more ...string) []string {
	for _, m := range more {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}

// mergeConstraints returns the parent's constraints with the subgroup's
// added: lists are joined, ranges intersected, set scalars overridden.
func mergeConstraints(parent, sub scenario.Constraints) scenario.Constraints {
	out := parent
	if sub.AgeMin > out.AgeMin {
		out.AgeMin = sub.AgeMin
	}
	if sub.AgeMax > 0 && (out.AgeMax == 0 || sub.AgeMax < out.AgeMax) {
		out.AgeMax = sub.AgeMax
	}
	if sub.Sex != "" {
		out.Sex = sub.Sex
	}
	if sub.Region != "" {
		out.Region = sub.Region
	}
	if sub.Town != "" {
		out.Town = sub.Town
	}
	if sub.Practice != nil {
		out.Practice = sub.Practice
	}
	if len(sub.Ethnicity) > 0 {
		out.Ethnicity = sub.Ethnicity
		if len(parent.Ethnicity) > 0 { // both: the categories in both
			out.Ethnicity = nil
			for _, e := range sub.Ethnicity {
				for _, pe := range parent.Ethnicity {
					if e == pe {
						out.Ethnicity = append(out.Ethnicity, e)
					}
				}
			}
		}
	}
	if sub.Smoking != "" {
		out.Smoking = sub.Smoking
	}
	out.Has = appendNew(append([]string(nil), parent.Has...), sub.Has...)
	out.HasNot = appendNew(append([]string(nil), parent.HasNot...), sub.HasNot...)
	out.Diagnosed = append(append([]scenario.Diagnosis(nil), parent.Diagnosed...), sub.Diagnosed...)
	out.Counts = append(append([]scenario.ConditionCount(nil), parent.Counts...), sub.Counts...)
	out.OnMedicines = appendNew(append([]string(nil), parent.OnMedicines...), sub.OnMedicines...)
	out.NotOnMedicines = appendNew(append([]string(nil), parent.NotOnMedicines...), sub.NotOnMedicines...)
	out.Observations = append(append([]scenario.ObservationConstraint(nil), parent.Observations...), sub.Observations...)
	out.Encounters = append(append([]scenario.EncounterConstraint(nil), parent.Encounters...), sub.Encounters...)
	if sub.Alive != nil {
		out.Alive = sub.Alive
	}
	if sub.DiedWithinDays > 0 {
		out.DiedWithinDays = sub.DiedWithinDays
	}
	out.MinRepeatMedicines = max(parent.MinRepeatMedicines, sub.MinRepeatMedicines)
	out.CKDStages = scenario.MergeStages(parent.CKDStages, sub.CKDStages)
	out.InsulinTreated = parent.InsulinTreated || sub.InsulinTreated
	return out
}

// compileCohort turns constraints into samplers and forced choices.
func (p *Plan) compileCohort(name string, c scenario.Constraints, persona *scenario.Persona) (*cohortPlan, error) {
	cp := &cohortPlan{name: name, persona: persona, sex: -1, smoking: -1, pack: -1,
		force: make([]bool, len(p.conds)), block: make([]bool, len(p.conds)), boost: make([]float64, len(p.conds)),
		blockDrg: map[string]bool{}}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("cohort %q: %s", name, fmt.Sprintf(format, a...))
	}
	switch c.Sex {
	case "":
	case "female", "male":
		cp.sex = sexIndex(c.Sex)
	default:
		return nil, fail("sex %q", c.Sex)
	}
	for _, key := range c.Has {
		ci, ok := p.condIndex[key]
		if !ok {
			return nil, fail("unknown condition %q", key)
		}
		cp.force[ci] = true
	}
	// A forced condition rules out the conditions it excludes.
	for ci := range p.conds {
		if cp.force[ci] {
			for _, x := range p.conds[ci].excludes {
				if cp.force[x] {
					return nil, fail("has both %s and %s, which exclude each other", p.conds[ci].Key, p.conds[x].Key)
				}
				cp.block[x] = true
			}
		}
	}
	for _, g := range c.Diagnosed {
		ci, ok := p.condIndex[g.Condition]
		if !ok || !cp.force[ci] {
			return nil, fail("diagnosed_within %s: not a condition the cohort has", g.Condition)
		}
		if cp.diagnosedFrom == nil {
			cp.diagnosedFrom = map[int]models.Date{}
		}
		cp.diagnosedFrom[ci] = p.Opts.Population() - models.Date(g.WithinDays) + 1
	}
	for _, key := range c.HasNot {
		ci, ok := p.condIndex[key]
		if !ok {
			return nil, fail("unknown condition %q", key)
		}
		if cp.force[ci] {
			return nil, fail("both has and has_not %s", key)
		}
		cp.block[ci] = true
	}
	for _, key := range c.NotOnMedicines {
		m := p.medicines[key]
		if m == nil {
			return nil, fail("unknown medicine %q", key)
		}
		cp.blockDrg[m.DMDCode] = true
	}
	for _, key := range c.OnMedicines {
		fd, err := p.indicationFor(key, cp, c)
		if err != nil {
			return nil, fail("%v", err)
		}
		cp.force[fd.cond] = true
		cp.drugs = append(cp.drugs, fd)
	}
	if err := p.compileCKDStage(cp, c.CKDStages); err != nil { // before the medicines it limits
		return nil, fail("%v", err)
	}
	if err := p.compileMedicinesCount(cp, c); err != nil {
		return nil, fail("%v", err)
	}
	if err := p.compileCounts(cp, c.Counts); err != nil {
		return nil, fail("%v", err)
	}
	p.boostRiskFactors(cp)
	if err := p.cohortPlaces(cp, c); err != nil {
		return nil, fail("%v", err)
	}
	var err error
	if cp.practice, err = p.cohortPractice(c.Practice); err != nil {
		return nil, fail("%v", err)
	}
	cp.died = c.DiedWithinDays > 0 || (c.Alive != nil && !*c.Alive)
	if cp.died {
		days := c.DiedWithinDays
		if days <= 0 {
			days = int(p.Opts.Population() - p.windowStart)
		}
		cp.diedFrom = max(p.Opts.Population()-models.Date(days)+1, p.windowStart+1)
	}
	if err := p.cohortAges(cp, c); err != nil {
		return nil, fail("%v", err)
	}
	for _, oc := range c.Observations {
		slot, ok := p.obsIndex[oc.Observation]
		if ok && oc.NotWithinDays > 0 { // none recorded in the window (absent.go)
			cp.absent = append(cp.absent, absentNeed{slot: slot, from: p.Opts.Population() - models.Date(oc.NotWithinDays) + 1})
			continue
		}
		if !ok || p.obsModels[slot] == nil {
			return nil, fail("observation %q is not a numeric observation", oc.Observation)
		}
		m := p.obsModels[slot]
		if m.LogScale { // the state is shifted in the reading's units (constraints.go)
			return nil, fail("observation %q is on a log scale: a range of it cannot be asked for", oc.Observation)
		}
		need := obsNeed{slot: slot, min: m.Min, max: m.Max, from: p.windowStart}
		if oc.Min != nil {
			need.min = *oc.Min
		}
		if oc.Max != nil {
			need.max = *oc.Max
		}
		if oc.WithinDays > 0 {
			need.from = p.Opts.Population() - models.Date(oc.WithinDays) + 1
		}
		if need.min > need.max {
			return nil, fail("%s range is empty", oc.Observation)
		}
		cp.obs = append(cp.obs, need)
	}
	if err := p.compileGPCaps(cp, c.Encounters); err != nil {
		return nil, fail("%v", err)
	}
	p.compileEthnicity(cp, c.Ethnicity)
	if err := p.compileSmoking(cp, c); err != nil {
		return nil, fail("%v", err)
	}
	for _, ec := range c.Encounters {
		if ec.AtMost != nil {
			continue // a cap, not an encounter to add (gpcap.go)
		}
		need := encNeed{setting: ec.Setting, atLeast: max(ec.AtLeast, 1), from: p.windowStart}
		if ec.WithinDays > 0 {
			need.from = p.Opts.Population() - models.Date(ec.WithinDays) + 1
		}
		// The kind of encounter added must have the setting and, when one
		// is asked for, the class.
		switch {
		case ec.Setting == settingAE || ec.Class == "EMER":
			need.kind, need.setting = encAE, settingAE
		case ec.Class == "SS":
			need.kind, need.setting = encDayCase, settingInpatient
		case ec.Setting == settingInpatient || ec.Class == "IMP":
			need.kind, need.setting = encEmergencyAdmission, settingInpatient
		case ec.Setting == settingOutpatient:
			need.kind = encOutpatient
		case ec.Class == "VR":
			need.kind, need.setting = encGPTelephone, settingGP
		case ec.Class == "HH":
			need.kind, need.setting = encGPHomeVisit, settingGP
		case ec.Setting == settingGP || ec.Setting == "" || ec.Class == "AMB":
			need.kind, need.setting = encGPProblem, settingGP
		default:
			return nil, fail("encounter setting %q", ec.Setting)
		}
		if err := p.compileReason(cp, &need, ec.Reason); err != nil {
			return nil, fail("%v", err)
		}
		if ec.Current || ec.DischargedWithinDays > 0 {
			if need.kind != encEmergencyAdmission || cp.died {
				return nil, fail("only an admission of a living member can be current or discharged")
			}
			need.current = ec.Current
			need.discharged = ec.DischargedWithinDays > 0
			need.dischargedFrom = p.Opts.Population() - models.Date(ec.DischargedWithinDays) + 1
		}
		cp.encs = append(cp.encs, need)
	}
	// An admission in progress for a reason comes first, so that one
	// asked for without a reason (by the cohort of a subgroup that has
	// one) finds the patient already in.
	sort.SliceStable(cp.encs, func(i, j int) bool {
		return cp.encs[i].current && cp.encs[i].reasoned() && !(cp.encs[j].current && cp.encs[j].reasoned())
	})
	return cp, nil
}

// indicationFor finds the condition and treatment line through which a
// cohort member is on the medicine: a condition the cohort already has if
// one prescribes it, otherwise the commonest condition that does.
func (p *Plan) indicationFor(key string, cp *cohortPlan, cons scenario.Constraints) (forcedDrug, error) {
	m := p.medicines[key]
	if m == nil || m.DMDCode == "" {
		return forcedDrug{}, fmt.Errorf("medicine %q is unknown or has no dm+d code", key)
	}
	taken := func(ci, li int) bool {
		for _, d := range cp.drugs {
			if d.cond == ci && d.line == li {
				return true
			}
		}
		return false
	}
	best, bestScore := forcedDrug{cond: -1}, -1.0
	for ci := range p.conds {
		c := &p.conds[ci]
		if cp.block[ci] || !p.feasible(ci, cp, cons) {
			continue
		}
		// The first line that offers the drug and is not already taken by
		// another forced drug; else alongside the pathway (-1).
		line, prescribes := -1, false
		for li, l := range c.lines {
			for _, o := range l.Options {
				if o.Drug == key {
					prescribes = true
					if line == -1 && !taken(ci, li) {
						line = li
					}
				}
			}
		}
		for _, a := range c.also {
			prescribes = prescribes || a.Drug == key
		}
		// the statin CKD's reviews offer (cvd_risk statin offered_in): given
		// alongside the pathway, as a co-prescription is (twenty-sixth review)
		if r := p.Cat.CVDRisk; r != nil && r.Statin.Drug == key && slices.Contains(r.Statin.OfferedIn, c.Key) {
			prescribes = true
		}
		if !prescribes {
			continue
		}
		score := c.Target
		if cp.force[ci] {
			score += 1000 // a condition the cohort has already is the indication
		}
		if line >= 0 {
			score += 500 // a free line of its pathway beats prescribing alongside it
		}
		if line == 0 {
			score += 250 // and its first line a later one, reached only by escalation (insulin: type 1, not type 2)
		}
		if score > bestScore {
			best, bestScore = forcedDrug{med: m, cond: ci, line: line}, score
		}
	}
	if best.cond < 0 {
		return best, fmt.Errorf("no catalogue condition is treated with %s", key)
	}
	return best, nil
}

// feasible reports whether someone of the cohort's sex and ages can have
// condition ci in the model.
func (p *Plan) feasible(ci int, cp *cohortPlan, cons scenario.Constraints) bool {
	hi := cons.AgeMax
	if hi == 0 || hi > maxAge {
		hi = maxAge
	}
	c := &p.conds[ci]
	for s := 0; s < 2; s++ {
		if cp.sex >= 0 && s != cp.sex {
			continue
		}
		for a := max(cons.AgeMin, c.Onset.MinAge); a <= hi; a++ {
			if c.base[s][a] > 0 {
				return true
			}
		}
	}
	return false
}

// boostRiskFactors raises the chance of a forced condition's risk factors to
// their posterior given the condition: P(Y | X) = p·rr / (1 + (rr-1)·p) for a
// link X <- Y with relative risk rr. The factor applies per person to the
// calibrated probability; 1 leaves it unchanged.
func (p *Plan) boostRiskFactors(cp *cohortPlan) {
	for ci := range cp.boost {
		cp.boost[ci] = 1
	}
	for x := range p.conds {
		if !cp.force[x] {
			continue
		}
		for _, r := range p.conds[x].risks {
			if !cp.force[r.given] && !cp.block[r.given] {
				// use the register's overall prevalence for p; close enough
				// for a first-order correction
				prev := p.conds[r.given].Target / 100
				cp.boost[r.given] *= r.rr / (1 + (r.rr-1)*prev)
			}
		}
	}
}

// cohortPlaces restricts regions and towns.
func (p *Plan) cohortPlaces(cp *cohortPlan, c scenario.Constraints) error {
	if c.Town != "" {
		for ti, t := range p.towns {
			if strings.EqualFold(t.Name, c.Town) {
				cp.towns = []int{ti}
				for ri, r := range p.regions {
					if r.Code == t.Region {
						cp.regions = []int{ri}
					}
				}
				return nil
			}
		}
		return fmt.Errorf("unknown town %q", c.Town)
	}
	if c.Region != "" {
		for ri, r := range p.regions {
			if r.Code == c.Region {
				cp.regions = []int{ri}
				return nil
			}
		}
		return fmt.Errorf("unknown region %q", c.Region)
	}
	return nil
}

// cohortAges builds the member's sex/age sampler: the population (or the
// life-table deaths, for cohorts who died) restricted to the constraints and
// weighted by the chance of having the forced conditions and not the blocked
// ones at each age, which is what conditioning on them means.
func (p *Plan) cohortAges(cp *cohortPlan, c scenario.Constraints) error {
	lo, hi := c.AgeMin, c.AgeMax
	if hi == 0 {
		hi = maxAge
	}
	if smokerAsked(c) {
		lo = max(lo, scenario.SmokingFromAge)
	}
	weight := func(s, a int) float64 {
		if (cp.sex >= 0 && s != cp.sex) || a < lo || a > hi {
			return 0
		}
		w := 1.0
		for ci := range p.conds {
			b := p.conds[ci].base[s][a] * p.conds[ci].correction
			switch {
			case cp.force[ci]:
				if a < p.conds[ci].Onset.MinAge {
					return 0
				}
				w *= b
			case cp.block[ci]:
				w *= 1 - b
			}
		}
		if len(cp.counts) > 0 {
			w *= p.countWeight(cp, s, a)
		}
		return w
	}
	pop := &p.pop
	if !cp.died {
		w := make([]float64, 2*(maxAge+1))
		total := 0.0
		for s := 0; s < 2; s++ {
			for a := 0; a <= maxAge; a++ {
				w[s*(maxAge+1)+a] = pop[s][a] * weight(s, a)
				total += w[s*(maxAge+1)+a]
			}
		}
		if total == 0 {
			return fmt.Errorf("no one of ages %d-%d can have the conditions asked for", lo, hi)
		}
		cp.sexAge = distributions.NewAlias(w)
		return nil
	}
	for y := range p.deathWeights {
		w := make([]float64, 2*(maxAge+1))
		total := 0.0
		for k, base := range p.deathWeights[y] {
			w[k] = base * weight(k/(maxAge+1), k%(maxAge+1))
			total += w[k]
		}
		if total == 0 {
			return fmt.Errorf("no one of ages %d-%d who died can have the conditions asked for", lo, hi)
		}
		cp.deathAge = append(cp.deathAge, distributions.NewAlias(w))
	}
	return nil
}
