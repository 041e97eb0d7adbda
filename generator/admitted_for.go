package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// resolveAdmittedFor resolves each condition's admitted_for presentation
// keys to presentation indexes.
func (p *Plan) resolveAdmittedFor() error {
	for ci := range p.conds {
		cp := &p.conds[ci]
		cp.admittedFor = cp.admittedFor[:0]
		for _, key := range cp.AdmittedFor {
			found := -1
			for pi := range p.presentations {
				if p.presentations[pi].Key == key {
					found = pi
				}
			}
			if found < 0 {
				return fmt.Errorf("catalogue: condition %s admitted_for names unknown presentation %q", cp.Key, key)
			}
			cp.admittedFor = append(cp.admittedFor, found)
		}
	}
	return nil
}

// admittedFor gives an emergency admission of a person with held condition k
// on day d its acute reason: one of the condition's admitted_for problems
// that fits the person then, by the emergency weights of their age band (or
// evenly when none has one), written as a new episode or the open one. It
// reports false when the condition names none, or none fits: the caller
// then draws another acute reason.
func (w *worker) admittedFor(per *person, k int, d models.Date, setting int, encID string, s *distributions.Stream) (string, bool) {
	list := per.conds[k].plan.admittedFor
	if len(list) == 0 {
		return "", false
	}
	age := per.ageOn(d)
	band := w.plan.Cat.BandOf(age)
	weight := func(pi int) float64 {
		pr := &w.plan.presentations[pi]
		if !w.presAllowed(per, pi, presEmergency, age, d) || (pr.sex >= 0 && pr.sex != per.sex) ||
			pr.requires >= 0 && (heldIndex(per, pr.requires) < 0 || per.conds[heldIndex(per, pr.requires)].onset > d) {
			return 0
		}
		if wt := pr.weights[per.sex][presEmergency]; wt != nil && wt[band] > 0 {
			return wt[band]
		}
		return 0
	}
	i := s.PickBy(len(list), func(i int) float64 { return weight(list[i]) })
	if i < 0 {
		return "", true // it names some, none fits now: another acute reason
	}
	w.lastPres = list[i]
	return w.presentingCondition(per, list[i], setting, d, encID, s), true
}

// heldRow is the index in per.conds of the held condition whose current row
// is id, or -1.
func heldRow(per *person, id string) int {
	for k := range per.conds {
		if id != "" && sameRowID(per.conds[k].id, id) {
			return k
		}
	}
	return -1
}
