package generator

import (
	"runtime"
	"sync"

	"github.com/code4health/cohortgen/distributions"
)

// correctCorrelation measures each condition's prevalence in a fixed
// synthetic population (conditions only, drawn exactly as patients' are) and
// scales the condition so that the measured prevalence meets its target.
// Normalising risk links assumes the conditions they name are independent;
// they are not (coronary heart disease is likelier with hypertension and
// diabetes, and all three raise heart failure), and this closes the gap.
// Two passes; the population and its draws depend on nothing but the
// catalogue, so the result is the same in every run.
// A fixed cost of every run, before the first patient: measurePrevalence
// shares it between the cores.
func (p *Plan) correctCorrelation() {
	const people = 200_000
	for i := range p.conds {
		p.conds[i].correction = 1
	}
	s := distributions.NewStream(0x63616c6962726174) // fixed: "calibrat"
	sexes := make([]int, people)
	ages := make([]int, people)
	for k := range sexes {
		x := p.sexAge.Sample(&s)
		sexes[k], ages[k] = x/(maxAge+1), x%(maxAge+1)
	}
	smokes := make([]int, people)
	for k := range smokes {
		cur, ex := p.smokingShares(ages[k])
		switch u := s.Float64(); {
		case u < cur:
			smokes[k] = currentSmoker
		case u < cur+ex:
			smokes[k] = exSmoker
		}
	}
	for pass := 0; pass < 2; pass++ {
		num, den := p.measurePrevalence(sexes, ages, smokes, uint64(pass))
		for ci := range p.conds {
			c := &p.conds[ci]
			// measured prevalence over the register ages, against the target
			// re-expressed over the same denominator
			target := c.Target / 100
			if af := c.AfterFracture; af != nil { // the rest of the register comes from fractures (fragility.go)
				target *= af.DrawnShare
			}
			if ai := c.AfterInfarct; ai != nil { // and from heart attacks (infarct.go)
				target *= ai.DrawnShare
			}
			if c.TargetDenominator == "all" {
				target *= float64(people) / den[ci]
			}
			if measured := num[ci] / den[ci]; measured > 0 {
				c.correction *= target / measured
			}
		}
	}
}

// measurePrevalence draws the conditions of the calibration population
// (pass's draws: one uniform per person and condition, in order) and counts,
// per condition, the people of register age (den) and those of them who hold
// it (num). Each core takes a run of people and skips its stream to their
// first draw; the counts are whole numbers, so their sums do not depend on
// how the people were shared.
func (p *Plan) measurePrevalence(sexes, ages, smokes []int, pass uint64) (num, den []float64) {
	parts := min(runtime.GOMAXPROCS(0), 8)
	nums, dens := make([][]float64, parts), make([][]float64, parts)
	var wg sync.WaitGroup
	for part := range parts {
		from, to := len(sexes)*part/parts, len(sexes)*(part+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			num, den := make([]float64, len(p.conds)), make([]float64, len(p.conds))
			has := make([]bool, len(p.conds))
			draws := distributions.NewStream(0x64726177, pass)
			draws.Skip(uint64(from * p.drawnConds()))
			// Each drawn_apart condition has a calibration stream of its
			// own, one draw a person, so that a condition added later moves
			// no other's calibration (session 52: one stream for them all,
			// interleaved, had moved migraine's when Parkinson's was added).
			apart := make([]distributions.Stream, len(p.conds))
			for ci := range p.conds {
				if p.conds[ci].DrawnApart {
					apart[ci] = distributions.NewStream(0x64726177, pass, 1, uint64(ci))
					apart[ci].Skip(uint64(from))
				}
			}
			for k := from; k < to; k++ {
				clear(has)
				for ci := range p.conds {
					if p.conds[ci].FromHealthCheck {
						continue // never drawn (and no draw taken: the others' do not move)
					}
					u := 0.0
					if p.conds[ci].DrawnApart {
						u = apart[ci].Float64()
					} else {
						u = draws.Float64()
					}
					has[ci] = p.hasCondition(ci, sexes[k], ages[k], ages[k], false, smokes[k], has, u)
					if ages[k] >= p.conds[ci].RegisterMinAge {
						den[ci]++
						if has[ci] {
							num[ci]++
						}
					}
				}
			}
			nums[part], dens[part] = num, den
		}()
	}
	wg.Wait()
	num, den = make([]float64, len(p.conds)), make([]float64, len(p.conds))
	for part := range parts {
		for ci := range p.conds {
			num[ci] += nums[part][ci]
			den[ci] += dens[part][ci]
		}
	}
	return num, den
}

// drawnConds is the number of conditions drawn by prevalence from the
// shared draws: all but those a health check brings (catalogue
// from_health_check) and those drawn apart.
func (p *Plan) drawnConds() int {
	n := 0
	for ci := range p.conds {
		if !p.conds[ci].FromHealthCheck && !p.conds[ci].DrawnApart {
			n++
		}
	}
	return n
}
