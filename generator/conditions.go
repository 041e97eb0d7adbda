package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// heldCondition is a chronic condition a patient has, with its treatment.
type heldCondition struct {
	plan  *condPlan
	id    string
	onset models.Date
	drugs []startedDrug // in start order
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
	cp := per.cohort
	for ci := range p.conds {
		c := &p.conds[ci]
		u := s.Float64() // drawn for every condition, so later draws never shift
		forced := cp != nil && cp.force[ci]
		if !forced {
			if cp != nil {
				if cp.block[ci] {
					continue
				}
				u /= cp.boost[ci] // the condition's chance times the boost
			}
			if !p.hasCondition(ci, per.sex, a, per.ageAtEnd, decedent, has, u) {
				continue
			}
		}
		has[ci] = true
		onset := g.onsetDate(per, c, &s)
		hc := heldCondition{plan: c, onset: onset}
		lastForced, forcedHere := -2, false
		if cp != nil {
			for _, fd := range cp.drugs {
				if fd.cond == ci {
					forcedHere = true
					lastForced = max(lastForced, fd.line)
				}
			}
		}
		treated := len(c.lines) > 0 && s.Bernoulli(c.TreatedShare)
		if treated || lastForced >= 0 {
			hc.drugs = g.pathway(per, c, onset, lastForced, &s, hc.drugs[:0])
		}
		for _, also := range c.also {
			take := per.ageAtEnd >= also.MinAge && s.Bernoulli(also.Probability)
			m := p.medicines[also.Drug]
			if take && m != nil && m.DMDCode != "" && !g.blocked(per, m) && !hasDrug(hc.drugs, m) {
				hc.drugs = append(hc.drugs, startedDrug{med: m, start: onset + models.Date(s.IntN(90))})
			}
		}
		if forcedHere {
			// Forced drugs with no line of their own, prescribed alongside
			// the pathway; and any forced drug whose start falls too late
			// to be current is moved earlier.
			for _, fd := range cp.drugs {
				if fd.cond != ci {
					continue
				}
				if fd.line < 0 && !hasDrug(hc.drugs, fd.med) {
					hc.drugs = append(hc.drugs, startedDrug{med: fd.med, start: onset})
				}
				for k := range hc.drugs {
					if hc.drugs[k].med == fd.med {
						hc.drugs[k].start = g.forcedStart(per, c, onset, hc.drugs[k].start, true)
					}
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
// Line 1 starts on the day of diagnosis, so it is issued at the diagnosing
// encounter. lastForced (or -2) is the last line a scenario cohort forces:
// every line up to it is reached, and forced lines use their forced drug.
func (g *worker) pathway(per *person, c *condPlan, onset models.Date, lastForced int, s *distributions.Stream, out []startedDrug) []startedDrug {
	start := onset
	for li := range c.lines {
		line := &c.lines[li]
		prob := line.Probability
		if li == 0 && prob == 0 {
			prob = 1
		}
		reach := s.Bernoulli(prob) // drawn for every line, so forcing never shifts later draws
		if li > 0 {
			if !reach && li > lastForced {
				break
			}
			if line.AfterYears > 0 {
				start += models.Date(s.Exponential(1/line.AfterYears) * 365.25)
			}
		}
		med := g.forcedDrugFor(per, c, li)
		if med == nil {
			if start > per.lastDay {
				break
			}
			med = g.chooseDrug(per, line.Options, models.YearsBetween(per.birth, start), s)
		}
		if med == nil {
			continue
		}
		out = append(out, startedDrug{med: med, start: start, effects: line.effects})
	}
	return out
}

// forcedDrugFor is the drug a cohort forces on line li of condition c, if any.
func (g *worker) forcedDrugFor(per *person, c *condPlan, li int) *datasets.Medicine {
	if per.cohort == nil {
		return nil
	}
	for _, fd := range per.cohort.drugs {
		if fd.cond == c.idx && fd.line == li {
			return fd.med
		}
	}
	return nil
}

func hasDrug(list []startedDrug, m *datasets.Medicine) bool {
	for _, d := range list {
		if d.med == m {
			return true
		}
	}
	return false
}

// forcedStart moves a forced drug's start so that it is issued at a review
// before the patient's last day, and so is current then; unforced starts are
// returned as they are.
func (g *worker) forcedStart(per *person, c *condPlan, onset, start models.Date, forced bool) models.Date {
	if !forced {
		return start
	}
	interval := models.Date(365 / max(c.Reviews.PerYear, 1))
	latest := per.lastDay - interval - 45
	return max(min(start, latest), onset)
}

// blocked reports whether a scenario cohort rules the medicine out.
func (g *worker) blocked(per *person, m *datasets.Medicine) bool {
	return per.cohort != nil && per.cohort.blockDrg[m.DMDCode]
}

// chooseDrug picks, by weight, one of the options that suits the patient and
// has a dm+d code.
func (g *worker) chooseDrug(per *person, opts []datasets.DrugOption, age int, s *distributions.Stream) *datasets.Medicine {
	var total float64
	for _, o := range opts {
		if g.suitable(per, o, age) {
			total += weightOf(o)
		}
	}
	u := s.Float64() * total
	if total == 0 {
		return nil
	}
	for _, o := range opts {
		if !g.suitable(per, o, age) {
			continue
		}
		u -= weightOf(o)
		if u < 0 {
			return g.plan.medicines[o.Drug]
		}
	}
	return nil
}

func (g *worker) suitable(per *person, o datasets.DrugOption, age int) bool {
	m := g.plan.medicines[o.Drug]
	return m != nil && m.DMDCode != "" && o.Suits(age, per.group) && !g.blocked(per, m)
}

func weightOf(o datasets.DrugOption) float64 {
	if o.Weight == 0 {
		return 1
	}
	return o.Weight
}
