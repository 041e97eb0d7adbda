package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A graded observation (catalogue observations graded) is a symptom scale
// read from a measured state: the MRC dyspnoea grade recorded at a COPD
// review follows how far the person's FEV1 falls short of the predicted for
// their age and sex, with their own offset (people with the same FEV1
// differ in how breathless they are) and a little variation between
// reviews. Each grade is its own SNOMED CT code, as a GP record holds it
// (nineteenth review). As an expected death from the disease nears, the
// grade rises (graded dying; twenty-second review): the death date and cause
// are drawn before the record is written, as the wasting before a cancer
// death is.

// planGraded resolves each graded observation's source slot and grade codes.
func (p *Plan) planGraded(cat *datasets.Catalogue) error {
	p.gradeCodes = make([][]datasets.ObservationCode, len(p.obsKeys))
	p.gradedFrom = make([]int, len(p.obsKeys))
	for slot, m := range p.obsModels {
		p.gradedFrom[slot] = -1
		if m == nil || m.Graded == nil {
			continue
		}
		from, ok := p.obsIndex[m.DerivedFrom]
		if !ok || p.obsModels[from] == nil {
			return fmt.Errorf("catalogue: graded observation %q reads %q, not a numeric observation", p.obsKeys[slot], m.DerivedFrom)
		}
		p.gradedFrom[slot] = from
		for _, k := range m.Graded.Codes {
			code, _ := datasets.ObservationByKey(k) // checked by the catalogue
			p.gradeCodes[slot] = append(p.gradeCodes[slot], code)
		}
	}
	return nil
}

// gradedValue is the grade of observation slot for the person on day d:
// its own level (mean, the person's offset) plus per_deficit times the
// shortfall of their usual FEV1 below the predicted, plus visit noise,
// rounded to a whole grade (numericValue keeps it within min and max).
func (w *worker) gradedValue(per *person, slot int, d models.Date, s *distributions.Stream) float64 {
	p := w.plan
	m := p.obsModels[slot]
	from := p.gradedFrom[slot]
	short := 1 - w.usualLevel(per, from, d)/w.predictedLevel(per, from, d)
	v := w.personalLevel(per, slot, d) + m.Graded.PerDeficit*max(0, short) + dyingRise(per, m.Graded.Dying, d) + s.NormalMS(0, m.Noise)
	return float64(int(v + 0.5))
}

// dyingRise is how much a graded observation has risen by day d for a person
// whose expected death is from the condition of dy: nothing before its years
// before death, then in proportion up to dy.Rise on the day of death.
func dyingRise(per *person, dy *datasets.GradedDying, d models.Date) float64 {
	if dy == nil || per.death == models.NoDate || !per.expectedDeath || per.causeID == "" {
		return 0
	}
	window := dy.Years * 365.25
	left := float64(per.death - d)
	if left >= window || !diesOf(per, dy.Condition) {
		return 0
	}
	return dy.Rise * (1 - max(0, left)/window)
}

// diesOf reports whether the person's death is attributed to their
// condition key.
func diesOf(per *person, key string) bool {
	for k := range per.conds {
		if hc := &per.conds[k]; hc.id == per.causeID {
			return hc.plan.Key == key
		}
	}
	return false
}
