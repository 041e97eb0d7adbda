package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// childPlan is the child health review schedule, ready to apply.
type childPlan struct {
	*datasets.ChildHealth
	kinds   []encKind                           // per review: its encounter kind
	cts     []contact                           // per review: who makes it (workforce.yaml)
	codes   map[string]datasets.ObservationCode // per measure
	lastDay int                                 // the latest review's last day of age
	sg      safeguardingPlan                    // the A&E pattern that is a concern (safeguarding.go)
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
		for _, e := range r.Examinations {
			cp.codes[e.Key], _ = datasets.ObservationByKey(e.Key)
		}
	}
	if r := ch.HeadCheck.Refer; r != "" {
		code, ok := datasets.ObservationByKey(r)
		if !ok {
			return fmt.Errorf("child_health.yaml: head_check refer: unknown observation %q", r)
		}
		cp.codes[r] = code
	}
	p.child = cp
	return p.buildSafeguarding(&ch.Safeguarding) // safeguarding.go
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
	s := per.stream(w.plan.Opts.Seed, purposeChildHealth)
	// The child's centiles: its length, its BMI (a little taller, a little
	// heavier for it), head circumference following length. Weight is the
	// BMI times the length squared (child_health.yaml correlation), so a
	// child's weight follows its length and its BMI stays one for its age.
	zHeight := s.Normal()
	bh, hh := cp.Correlation.BMIWithHeight, cp.Correlation.HeadWithHeight
	zBMI := bh*zHeight + math.Sqrt(1-bh*bh)*s.Normal()
	zHead := hh*zHeight + math.Sqrt(1-hh*hh)*s.Normal()
	sex := sexNames[per.sex]
	// weightAt is the weight at the age in months: its length and BMI that
	// day, each straying from the child's centile, and the length.
	weightAt := func(month float64) (float64, float64) {
		h := cp.GrowthValue("height", sex, month, zHeight+cp.Drift*s.Normal())
		return cp.WeightFor(sex, month, h, zBMI+cp.Drift*s.Normal()), h
	}
	// The newborn's weight course: birth weight on the child's centiles, the
	// early loss and the day it is regained (child_health.yaml early_days).
	ed := &cp.EarlyDays
	birthWeight, _ := weightAt(0)
	loss := min(ed.LossMaxPct, max(0, ed.LossMeanPct+ed.LossSDPct*s.Normal()))
	regain := min(ed.RegainMax, max(ed.NadirDay+1, ed.RegainMean+ed.RegainSD*s.Normal()))
	joinWeight, _ := weightAt(ed.JoinDay / 30.4375)
	headKey, headDay, headZ := "", models.NoDate, 0.0 // the head measured, when, its z-score
	for ri := range cp.Reviews {
		r := &cp.Reviews[ri]
		u := s.Float64() * 100
		had := u < r.Uptake
		day := per.birth + models.Date(r.AgeDays[0]+s.IntN(r.AgeDays[1]-r.AgeDays[0]+1))
		if l := r.Late; !had && l != nil && u < r.Uptake+l.Uptake {
			// not in time, made late (the new birth visit: 98% by 30 days)
			had, day = true, per.birth+models.Date(l.AgeDays[0]+s.IntN(l.AgeDays[1]-l.AgeDays[0]+1))
		} else if wd := lastWorkingDay(day); wd >= per.birth+models.Date(r.AgeDays[0]) {
			// a day drawn at a weekend is the Friday before, when that is
			// in the window: booked on the Monday after, a new birth visit
			// drawn for day 13 or 14 fell past its 14 days
			day = wd
		}
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
		weight, height := weightAt(month) // the day's length, and the weight it carries
		for _, m := range r.Measures {
			g, at := cp.GrowthMeasure(m)
			var v float64
			switch day := float64(start.Date() - per.birth); {
			case g == "weight" && at == 0:
				v = birthWeight
			case g == "weight" && day < ed.JoinDay:
				v = ed.Weight(day, birthWeight, loss, regain, joinWeight) // the first weeks
			case g == "weight":
				v = weight
			case g == "height":
				v = height
			default: // head circumference, the other growth measure
				// measured once: its stray scaled back so the measurements
				// keep the standard's spread (headcheck.go)
				z := (zHead + cp.Drift*s.Normal()) / math.Sqrt(1+cp.Drift*cp.Drift)
				v = cp.GrowthValue(g, sex, month, z)
				headKey, headDay, headZ = m, start.Date(), z
			}
			w.childMeasure(per, encID, t, cp.codes[m], v)
		}
		for _, e := range r.Examinations { // the check's screening elements, coded with no value
			if e.Sex == "" || e.Sex == sex {
				code := cp.codes[e.Key]
				w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, &code))
			}
		}
	}
	if headKey != "" {
		w.headCheck(per, headKey, headDay, zHead, headZ) // headcheck.go: once the reviews are written
	}
}

// childMeasure records one growth measurement: weight to 10 g, lengths to
// the millimetre.
func (w *worker) childMeasure(per *person, encID string, t models.Timestamp, code datasets.ObservationCode, v float64) {
	scale := 10.0
	if code.Unit == "kg" {
		scale = 100
	}
	o := w.observation(per, encID, t, &code)
	o.Value, o.Unit = w.value(math.Round(v*scale)/scale), code.Unit
	w.b.Observations = append(w.b.Observations, o)
}
