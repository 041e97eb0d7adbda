package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// childPlan is the child health review schedule, ready to apply.
type childPlan struct {
	*datasets.ChildHealth
	kinds   []encKind                           // per review: its encounter kind
	cts     []contact                           // per review: who makes it (workforce.yaml)
	codes   map[string]datasets.ObservationCode // per measure
	lastDay int                                 // the latest review's last day of age
}

func (p *Plan) buildChildHealth() error {
	ch, err := datasets.ChildHealthSchedule()
	if err != nil {
		return err
	}
	cp := &childPlan{ChildHealth: ch, codes: map[string]datasets.ObservationCode{}}
	for _, r := range ch.Reviews {
		k := encKindOf(r.Encounter)
		if k < 0 {
			return fmt.Errorf("child_health.yaml: review %s: unknown encounter %q", r.Key, r.Encounter)
		}
		ct := contactOf(k)
		if r.Contact != "" {
			ci := slices.Index(contactNames[:], r.Contact)
			if ci < 0 {
				return fmt.Errorf("child_health.yaml: review %s: unknown contact %q", r.Key, r.Contact)
			}
			ct = contact(ci)
		}
		cp.kinds, cp.cts = append(cp.kinds, k), append(cp.cts, ct)
		cp.lastDay = max(cp.lastDay, r.AgeDays[1])
		for _, m := range r.Measures {
			cp.codes[m], _ = datasets.ObservationByKey(m)
		}
	}
	p.child = cp
	return nil
}

// encKindOf is the kind named by a catalogue encounter key, or -1.
func encKindOf(name string) encKind {
	for k, n := range encKindNames {
		if n == name {
			return encKind(k)
		}
	}
	return -1
}

// childHealth records the child's Healthy Child Programme reviews that fall
// inside their record: each a check-up with its growth measurements, on the
// child's own centiles of the WHO growth standard, straying a little from
// them at each review.
func (w *worker) childHealth(per *person) {
	cp := w.plan.child
	if per.birth+models.Date(cp.lastDay) < per.firstDay {
		return // every review was before the record began
	}
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeChildHealth)
	// The child's centiles: length follows weight, head circumference length.
	zWeight := s.Normal()
	hw, hh := cp.Correlation.HeightWithWeight, cp.Correlation.HeadWithHeight
	zHeight := hw*zWeight + math.Sqrt(1-hw*hw)*s.Normal()
	zHead := hh*zHeight + math.Sqrt(1-hh*hh)*s.Normal()
	centile := func(measure string) float64 {
		switch measure {
		case "height":
			return zHeight
		case "head_circumference":
			return zHead
		}
		return zWeight
	}
	sex := sexNames[per.sex]
	// The newborn's weight course: birth weight on the child's centile, the
	// early loss and the day it is regained (child_health.yaml early_days).
	ed := &cp.EarlyDays
	birthWeight := cp.GrowthValue("weight", sex, 0, zWeight+cp.Drift*s.Normal())
	loss := min(ed.LossMaxPct, max(0, ed.LossMeanPct+ed.LossSDPct*s.Normal()))
	regain := min(ed.RegainMax, max(ed.NadirDay+1, ed.RegainMean+ed.RegainSD*s.Normal()))
	joinWeight := cp.GrowthValue("weight", sex, ed.JoinDay/30.4375, zWeight+cp.Drift*s.Normal())
	for ri := range cp.Reviews {
		r := &cp.Reviews[ri]
		had := s.Float64()*100 < r.Uptake
		day := per.birth + models.Date(r.AgeDays[0]+s.IntN(r.AgeDays[1]-r.AgeDays[0]+1))
		if !had || day < per.firstDay || day > per.lastDay {
			continue
		}
		encID, start, ok := w.gpVisitFor(per, day, cp.kinds[ri], cp.cts[ri], "", &s)
		if !ok {
			continue
		}
		per.childReviews = append(per.childReviews, encID)
		month := float64(start.Date()-per.birth) / 30.4375
		t := start.AddMinutes(5)
		for _, m := range r.Measures {
			g, at := cp.GrowthMeasure(m)
			if at < 0 {
				at = month
			}
			v := cp.GrowthValue(g, sex, at, centile(g)+cp.Drift*s.Normal())
			if day := float64(start.Date() - per.birth); g == "weight" && (at == 0 || day < ed.JoinDay) {
				v = birthWeight // the birth weight, or the weight of the first weeks
				if at != 0 {
					v = ed.Weight(day, birthWeight, loss, regain, joinWeight)
				}
			}
			w.childMeasure(per, encID, t, cp.codes[m], v)
		}
	}
}

// childMeasure records one growth measurement: weight to 10 g, lengths to
// the millimetre.
func (w *worker) childMeasure(per *person, encID string, t models.Timestamp, code datasets.ObservationCode, v float64) {
	scale := 10.0
	if code.Unit == "kg" {
		scale = 100
	}
	w.values = append(w.values, math.Round(v*scale)/scale)
	o := w.observation(per, encID, t, &code)
	o.Value, o.Unit = &w.values[len(w.values)-1], code.Unit
	w.b.Observations = append(w.b.Observations, o)
}
