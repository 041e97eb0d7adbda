package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Deaths under one year (twenty-fourth review). The life table gives the
// chance of dying before the first birthday; the day of the first year it
// falls on comes from catalogue infant_deaths: three quarters in the
// neonatal period, most of those in the first week. Drawn evenly over the
// year, as every other age is (birthFor), only 8% of infant deaths were
// neonatal, so a preterm baby's death in the neonatal unit hardly ever
// happened.

// infantDeathAges is catalogue infant_deaths resolved once per run: the
// spans of age in days and an alias table over their shares (nil: none).
type infantDeathAges struct {
	pick  *distributions.Alias
	spans [][2]int
}

func (p *Plan) buildInfantDeaths() {
	id := p.Cat.InfantDeaths
	if id == nil {
		return
	}
	shares := make([]float64, len(id.Ages))
	for i, a := range id.Ages {
		shares[i], p.infantAges.spans = a.Share, append(p.infantAges.spans, a.Days)
	}
	p.infantAges.pick = distributions.NewAlias(shares)
}

// birthBefore dates the birth of a person who dies on day death aged age
// in whole years: under one year the age in days follows infant_deaths,
// otherwise (or without it) the birthday falls evenly in the year of age.
func (p *Plan) birthBefore(death models.Date, age int, s *distributions.Stream) models.Date {
	ia := &p.infantAges
	if age != 0 || ia.pick == nil {
		return birthFor(death, age, s)
	}
	span := ia.spans[ia.pick.Sample(s)]
	return death - models.Date(span[0]+s.IntN(span[1]-span[0]+1))
}

// inUnitFromBirth reports whether the person dies so young (infant_deaths
// in_hospital_days) that they never left the hospital they were born in.
func inUnitFromBirth(cat *datasets.Catalogue, per *person) bool {
	id := cat.InfantDeaths
	return id != nil && per.death != models.NoDate && per.death-per.birth < models.Date(id.InHospitalDays)
}
