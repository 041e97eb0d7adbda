package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// addOnPlan is a catalogue add-on (ezetimibe beside atorvastatin 80 mg)
// resolved for one of the conditions whose reviews may add it.
type addOnPlan struct {
	*datasets.AddOn
	idx     int // in the catalogue's add_ons: the add-on's own draws
	on, add *medPlan
	slot    int
	// otherwise: the slot read when the sample has no reading of slot (-1:
	// none; the non-HDL where the LDL is withheld)
	otherwise int
	effects   []obsEffect
}

// resolveAddOns gives the condition the add-ons its reviews may make.
func (p *Plan) resolveAddOns(cp *condPlan) {
	for i := range p.Cat.AddOns {
		a := &p.Cat.AddOns[i]
		if !slices.Contains(a.For, cp.Key) || p.medPlans[a.Medicine] == nil || p.medPlans[a.Add] == nil {
			continue
		}
		ap := addOnPlan{AddOn: a, idx: i, on: p.medPlans[a.Medicine], add: p.medPlans[a.Add], slot: p.obsIndex[a.Observation], otherwise: -1}
		if a.Otherwise != nil {
			ap.otherwise = p.obsIndex[a.Otherwise.Observation]
		}
		for _, k := range sortedKeys(a.Effects) {
			ap.effects = append(ap.effects, obsEffect{obs: p.obsIndex[k], delta: a.Effects[k], ratio: p.drugRatio(p.obsIndex[k])})
		}
		cp.addOns = append(cp.addOns, ap)
	}
}

// addOns adds, at a recorded review of condition ci at time t, each of its
// add-ons whose target the review's reading misses while the medicine it
// joins has run at its highest dose for long enough, by the add-on's
// probability, when the prescribing rules allow it and nothing of it runs.
// The added course belongs to the condition, so its reviews issue it. The
// draw is the person's own for the day, so no other draw moves.
func (w *worker) addOns(per *person, ci int, t models.Timestamp, egfr float64) {
	c := per.conds[ci].plan
	d := t.Date()
	for i := range c.addOns {
		a := &c.addOns[i]
		if !a.missed(per, t) {
			continue // not measured at this review, or at target
		}
		if !w.runsAtStep(per, a, d) || w.covered(per, a.add, d) >= 0 || !w.allowed(per, a.add, d, egfr, -1) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeAddOn, uint64(a.idx), uint64(d))
		if !s.Bernoulli(a.Probability) {
			continue
		}
		w.startCourse(per, a.add, ci, -1, 0, d, a.effects, egfr, &s)
	}
}

// runsAtStep reports whether the medicine the add-on joins has run at its
// step (or a higher one) for the add-on's days by day d.
func (w *worker) runsAtStep(per *person, a *addOnPlan, d models.Date) bool {
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.meds == a.on && cr.running(d) && cr.reg.Step >= a.AtStep && d-cr.start >= models.Date(a.AfterDays) {
			return true
		}
	}
	return false
}

// missed reports whether the sample taken at t misses the add-on's target:
// its reading is above Above, or, with no reading of it in the sample (an
// LDL withheld at triglycerides above 4.5), the otherwise reading is above
// its level (h60d: NICE NG238 reads the LDL or the non-HDL cholesterol).
func (a *addOnPlan) missed(per *person, t models.Timestamp) bool {
	if per.hasLast[a.slot] && per.lastAt[a.slot] == t {
		return per.lastVal[a.slot] > a.Above
	}
	o := a.otherwise
	return o >= 0 && per.hasLast[o] && per.lastAt[o] == t && per.lastVal[o] > a.Otherwise.Above
}
