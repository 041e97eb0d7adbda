package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Drinking categories (UK CMO 2016 weekly units; catalogue alcohol).
const (
	nonDrinker = iota
	lowerRiskDrinker
	increasingRiskDrinker
	higherRiskDrinker
)

// drinking is a person's usual drinking, drawn once: every weekly-units
// figure and AUDIT-C score recorded is read from it, so all agree.
type drinking struct {
	category int
	units    float64 // a week
	occasion float64 // units on a typical drinking day
}

// alcoholPlan is the catalogue's alcohol section, resolved.
type alcoholPlan struct {
	a           *datasets.Alcohol
	units, audc int // observation slots
	brief       datasets.ObservationCode
	harmful     *harmfulPlan    // harmfuldrinking.go
	persistent  *persistentPlan // persistentdrinking.go
	reassess    []int           // slots asked again at the liver tests' consultations (alcoholliver.go)
}

// resolveAlcohol looks up the slots of the readings and the brief
// intervention's code.
func (p *Plan) resolveAlcohol() error {
	a := &p.Cat.Alcohol
	if a.Source == "" {
		return nil
	}
	ap := &alcoholPlan{a: a, units: p.obsIndex[a.UnitsObservation], audc: p.obsIndex[a.AuditCObservation]}
	if br := a.Brief; br != nil {
		code, ok := datasets.ObservationByKey(br.Observation)
		if !ok {
			return fmt.Errorf("catalogue: alcohol brief intervention %q is not in observation_codes.csv", br.Observation)
		}
		ap.brief = code
	}
	if lt := a.LiverTests; lt != nil {
		for _, k := range lt.Reassess {
			ap.reassess = append(ap.reassess, p.obsIndex[k])
		}
	}
	p.alcohol = ap
	if err := p.resolveHarmful(); err != nil {
		return err
	}
	return p.resolvePersistent()
}

// drawAlcohol draws the person's drinking from the shares at their age on
// their last day, from a stream of its own. Someone whose record holds
// alcohol dependence (the history of a death from alcoholic liver disease)
// is a higher-risk drinker.
func (w *worker) drawAlcohol(per *person) {
	per.alcohol = drinking{}
	ap := w.plan.alcohol
	if ap == nil || per.ageAtEnd < ap.a.FromAge {
		return
	}
	a := ap.a
	s := per.stream(w.plan.Opts.Seed, purposeAlcohol)
	b := w.plan.Cat.BandOf(per.ageAtEnd)
	sex := sexNames[per.sex]
	sexed := func(f datasets.BySex) float64 { return f.For(sex)[b] / 100 }
	u := s.Float64()
	c := lowerRiskDrinker
	switch non, inc, hi := sexed(a.NonDrinker), sexed(a.Increasing), sexed(a.Higher); {
	case u < non:
		c = nonDrinker
	case u < non+hi:
		c = higherRiskDrinker
	case u < non+hi+inc:
		c = increasingRiskDrinker
	}
	within, occ := s.Float64(), s.Float64()
	if w.dependent(per) {
		c = higherRiskDrinker
	}
	if c == nonDrinker {
		per.alcohol = drinking{category: nonDrinker}
		return
	}
	per.alcohol = drinkingIn(a, c, sex, within, occ)
}

// drinkingIn is drinking of category c, from the two uniform draws within
// (where in the category's units) and occ (where in its drinking-day
// amounts): the weekly units skewed to the low end of the category (model).
func drinkingIn(a *datasets.Alcohol, c int, sex string, within, occ float64) drinking {
	if c == nonDrinker {
		return drinking{category: nonDrinker}
	}
	ou := &a.AuditC.OccasionUnits
	lo, hi, o := 1.0, a.LowerLimit, ou.Lower
	switch c {
	case increasingRiskDrinker:
		lo, hi, o = a.LowerLimit+1, a.HigherAbove.For(sex), ou.Increasing
	case higherRiskDrinker:
		lo, hi, o = a.HigherAbove.For(sex)+1, a.UnitsMax.For(sex), ou.Higher
	}
	units := math.Round(lo + within*within*(hi-lo))
	occasion := min(units, o[0]+occ*(o[1]-o[0]))
	return drinking{category: c, units: units, occasion: occasion}
}

// dependent: the person's record holds the alcohol dependence a death from
// alcoholic liver disease writes years before it.
func (w *worker) dependent(per *person) bool {
	if per.causeBackground < 0 {
		return false
	}
	h := w.plan.Cat.BackgroundCauses[per.causeBackground].History
	return h != nil && h.Key == w.plan.alcohol.a.Dependence
}

// auditC is the AUDIT-C score (0-12) read from a person's drinking: how
// often they drink, how much on a typical drinking day, how often heavily
// (catalogue alcohol audit_c).
func auditC(d drinking, a *datasets.Alcohol, sex int) int {
	if d.category == nonDrinker || d.units <= 0 {
		return 0
	}
	occasion := d.occasion
	days := d.units / occasion // drinking days a week
	if days > 7 {
		days, occasion = 7, d.units/7
	}
	score := func(x float64, cuts ...float64) int {
		n := 0
		for _, c := range cuts {
			if x >= c {
				n++
			}
		}
		return n
	}
	// Q1: monthly or less, 2-4 times a month, 2-3 times a week, 4 or more
	q1 := 1 + score(days, 0.5, 2, 4)
	// Q2: units on a typical drinking day: 0-2, 3-4, 5-6, 7-9, 10 or more
	q2 := score(math.Round(occasion), 3, 5, 7, 10)
	// Q3: how often heavy drinking on one occasion
	binge := a.AuditC.BingeUnits.For(sexNames[sex])
	q3 := 0
	switch {
	case occasion >= binge:
		q3 = 1 + score(days, 0.25, 1, 5)
	case occasion >= binge-2:
		q3 = 1
	}
	return q1 + q2 + q3
}

// alcoholValue is the reading of slot (weekly units or AUDIT-C) for the
// person's usual drinking: the same at every reading until the walk of
// drinkingchange.go reads each again from the drinking of its day.
func (w *worker) alcoholValue(per *person, slot int) float64 {
	return w.drinkingValue(per, per.alcohol, slot)
}

// drinkingValue is the reading of slot (weekly units or AUDIT-C) of
// drinking d.
func (w *worker) drinkingValue(per *person, d drinking, slot int) float64 {
	ap := w.plan.alcohol
	if slot == ap.audc {
		return float64(auditC(d, ap.a, per.sex))
	}
	return d.units
}

// briefIntervention codes a brief intervention a minute after an AUDIT-C of
// at_least or more, at the share for the person's category, from the
// person's own stream for the moment, so no other draw moves; always after
// one of always_at or more (h72f).
func (w *worker) briefIntervention(per *person, encID string, t models.Timestamp, score float64) {
	ap := w.plan.alcohol
	br := ap.a.Brief
	if br == nil || score < float64(br.AtLeast) {
		return
	}
	always := br.AlwaysAt > 0 && score >= float64(br.AlwaysAt)
	share := br.Share.Increasing
	switch per.alcohol.category {
	case higherRiskDrinker:
		share = br.Share.Higher
	case increasingRiskDrinker:
	default:
		if !always {
			return
		}
	}
	s := per.stream(w.plan.Opts.Seed, purposeAlcohol, uint64(t))
	if s.Bernoulli(share) || always { // drawn either way: the stream is the moment's own
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(1), &ap.brief))
	}
}
