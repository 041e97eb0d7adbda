package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// crb65Plan is a presentation's crb65 resolved: the conditions (catalogue
// indexes) and presentations whose presence scores the confusion point.
type crb65Plan struct {
	age, minAge int
	conds       []int
	pres        []int
	home, hosp  []float64
}

// buildCRB65 resolves each presentation's crb65 (checked at load).
func (p *Plan) buildCRB65() {
	for i := range p.presentations {
		s := p.presentations[i].CRB65
		if s == nil {
			continue
		}
		cp := &crb65Plan{age: s.Age, minAge: s.MinAge, home: s.Home, hosp: s.Hospital}
		for _, k := range s.Confusion {
			for ci := range p.Cat.Conditions {
				if p.Cat.Conditions[ci].Key == k {
					cp.conds = append(cp.conds, ci)
				}
			}
			for pj := range p.presentations {
				if p.presentations[pj].Key == k {
					cp.pres = append(cp.pres, pj)
				}
			}
		}
		p.presentations[i].crb65 = cp
	}
}

// crb65Score is the CRB65 points the person's state shows on day d at an
// age: age at or over the score's, and confusion (a dementia held, a
// delirium open). The rate and pressure points are measured at the
// contact, not known before it.
func (cp *crb65Plan) score(per *person, age int, d models.Date) int {
	n := 0
	if age >= cp.age {
		n++
	}
	for k := range per.conds {
		hc := &per.conds[k]
		for _, ci := range cp.conds {
			if hc.plan.idx == ci && hc.onset <= d {
				n++
				return n
			}
		}
	}
	for _, pj := range cp.pres {
		if ep := &per.episodes[pj]; ep.id != "" && ep.onset <= d && (ep.until == models.NoDate || d <= ep.until) {
			n++
			return n
		}
	}
	return n
}

// keptForCRB65 reports whether a draw of presentation pi in a setting on day
// d stands for the person's CRB65 (NICE CG191 1.2.3, NG138: home care at 0,
// hospital at 3-4): a GP contact keeps it with the score's home share, an
// A&E attendance or emergency admission with its hospital share. The draw
// is made only for a presentation with a crb65, so no other stream moves.
func (w *worker) keptForCRB65(per *person, pi, setting, age int, d models.Date, s *distributions.Stream) bool {
	cp := w.plan.presentations[pi].crb65
	if cp == nil || age < cp.minAge {
		return true
	}
	var share float64
	switch setting {
	case presGP:
		share = cp.home[cp.score(per, age, d)]
	case presAE, presEmergency:
		share = cp.hosp[cp.score(per, age, d)]
	default:
		return true
	}
	return share >= 1 || s.Bernoulli(share)
}
