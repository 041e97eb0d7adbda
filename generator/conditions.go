package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// heldCondition is a chronic condition a patient has, with its treatment.
type heldCondition struct {
	plan    *condPlan
	id      string
	onset   models.Date
	drugs   []startedDrug // in start order
	treated bool
}

// startedDrug is a medicine started for a condition on a date; its effects
// on observations apply from then on.
type startedDrug struct {
	med     *datasets.Medicine
	start   models.Date
	effects []obsEffect
}

// drawConditions decides which catalogue conditions the patient has, when
// each was diagnosed, and the treatment pathway each follows. Probability is
// the calibrated age/sex curve at the patient's age on their last day,
// multiplied by the risk links of conditions already drawn and divided by
// those links' expected value, so links correlate conditions without moving
// the population prevalence.
func (g *worker) drawConditions(per *person) {
	p := g.plan
	s := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeConditions)
	per.conds = per.conds[:0]
	has := g.hasCond[:0]
	for range p.conds {
		has = append(has, false)
	}
	g.hasCond = has
	a := min(per.ageAtEnd, maxAge)
	decedent := per.death != models.NoDate
	for ci := range p.conds {
		c := &p.conds[ci]
		u := s.Float64() // drawn for every condition, so later draws never shift
		if !p.hasCondition(ci, per.sex, a, per.ageAtEnd, decedent, has, u) {
			continue
		}
		has[ci] = true
		onset := g.onsetDate(per, c, &s)
		hc := heldCondition{plan: c, onset: onset}
		hc.treated = len(c.lines) > 0 && s.Bernoulli(c.TreatedShare)
		if hc.treated {
			hc.drugs = g.pathway(per, c, onset, &s, hc.drugs[:0])
		}
		for _, also := range c.also {
			if per.ageAtEnd >= also.MinAge && s.Bernoulli(also.Probability) {
				if m := p.medicines[also.Drug]; m != nil && m.DMDCode != "" {
					hc.drugs = append(hc.drugs, startedDrug{med: m, start: onset + models.Date(s.IntN(90))})
				}
			}
		}
		per.conds = append(per.conds, hc)
	}
}

// hasCondition decides condition ci for a person of the sex and age (a
// capped at maxAge) who has the conditions marked in has, given a uniform u.
func (p *Plan) hasCondition(ci, sex, a, age int, decedent bool, has []bool, u float64) bool {
	c := &p.conds[ci]
	if age < c.Onset.MinAge {
		return false
	}
	prob := c.base[sex][a] * c.correction
	for _, r := range c.risks {
		if has[r.given] {
			prob *= r.rr
		}
	}
	prob /= c.norm[sex][a]
	if decedent && c.MortalityRR > 0 {
		prob *= c.MortalityRR
	}
	if u >= prob {
		return false
	}
	for _, x := range c.excludes {
		if has[x] {
			return false
		}
	}
	return true
}

// onsetDate draws the diagnosis date: an exponential number of years before
// the patient's last day, no earlier than the condition's minimum age.
func (g *worker) onsetDate(per *person, c *condPlan, s *distributions.Stream) models.Date {
	earliest := models.DateOf(per.birth.Time().AddDate(c.Onset.MinAge, 0, 0))
	years := s.Exponential(1 / max(c.Onset.MeanYears, 0.1))
	onset := per.lastDay - models.Date(years*365.25)
	return max(min(onset, per.lastDay), earliest)
}

// pathway walks a condition's treatment lines: line 1 starts at diagnosis,
// each later line follows the previous after an exponential delay, if at all.
func (g *worker) pathway(per *person, c *condPlan, onset models.Date, s *distributions.Stream, out []startedDrug) []startedDrug {
	start := onset + models.Date(s.IntN(30))
	for li := range c.lines {
		line := &c.lines[li]
		prob := line.Probability
		if li == 0 && prob == 0 {
			prob = 1
		}
		if li > 0 {
			if !s.Bernoulli(prob) {
				break
			}
			if line.AfterYears > 0 {
				start += models.Date(s.Exponential(1/line.AfterYears) * 365.25)
			}
		}
		if start > per.lastDay {
			break
		}
		age := models.YearsBetween(per.birth, start)
		med := g.chooseDrug(line.Options, age, per.group, s)
		if med == nil {
			continue
		}
		out = append(out, startedDrug{med: med, start: start, effects: line.effects})
	}
	return out
}

// chooseDrug picks, by weight, one of the options that suits the patient and
// has a dm+d code.
func (g *worker) chooseDrug(opts []datasets.DrugOption, age int, group string, s *distributions.Stream) *datasets.Medicine {
	var total float64
	for _, o := range opts {
		if g.suitable(o, age, group) {
			total += weightOf(o)
		}
	}
	u := s.Float64() * total
	if total == 0 {
		return nil
	}
	for _, o := range opts {
		if !g.suitable(o, age, group) {
			continue
		}
		u -= weightOf(o)
		if u < 0 {
			return g.plan.medicines[o.Drug]
		}
	}
	return nil
}

func (g *worker) suitable(o datasets.DrugOption, age int, group string) bool {
	m := g.plan.medicines[o.Drug]
	return m != nil && m.DMDCode != "" && o.Suits(age, group)
}

func weightOf(o datasets.DrugOption) float64 {
	if o.Weight == 0 {
		return 1
	}
	return o.Weight
}
