package generator

import (
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// observe records the observation in slot at time t. A numeric value is the
// population mean for the patient's age and sex, plus the patient's own
// persistent offset, plus the effects of conditions held and drugs started by
// then (and any drift since diagnosis), plus visit-to-visit noise.
func (w *worker) observe(per *person, encID string, t models.Timestamp, slot int, s *distributions.Stream) {
	p := w.plan
	code := &p.obsCodes[slot]
	m := p.obsModels[slot]
	if m != nil && m.AdultOnly && t.Date() < per.adultOn {
		return
	}
	o := models.Observation{
		ObservationID: w.ids.row(tagObservation),
		PatientID:     per.id,
		EncounterID:   encID,
		SnomedCode:    code.Snomed,
		LoincCode:     code.Loinc,
		Description:   code.Term,
		EffectiveTime: t,
	}
	if m == nil {
		cp := &p.coded[slot]
		// A coded finding (smoking status) is fixed per person: the
		// baseline slot holds the index of the person's value.
		if !per.hasBase[slot] {
			b := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeObservationBaseline, uint64(slot))
			per.baseline[slot] = float64(cp.pick.Sample(&b))
			per.hasBase[slot] = true
		}
		v := cp.values[int(per.baseline[slot])]
		o.ValueCode, o.ValueDisplay = v.Code, v.Display
		w.b.Observations = append(w.b.Observations, o)
		return
	}
	v := w.numericValue(per, slot, t, s)
	w.values = append(w.values, v)
	o.Value = &w.values[len(w.values)-1]
	o.Unit = code.Unit
	w.b.Observations = append(w.b.Observations, o)
}

// numericValue is the value of numeric observation slot for the patient at
// time t. Values are cached per slot and time, so two observations recorded
// together (BMI and the weight derived from it) agree.
func (w *worker) numericValue(per *person, slot int, t models.Timestamp, s *distributions.Stream) float64 {
	if per.lastAt[slot] == t && per.hasLast[slot] {
		return per.lastVal[slot]
	}
	p := w.plan
	m := p.obsModels[slot]
	var v float64
	if m.DerivedFrom != "" { // weight = BMI x height^2
		h := w.height(per)
		v = w.numericValue(per, p.slots.bmi, t, s) * h * h
	} else {
		day := t.Date()
		ageYears := float64(day-per.birth) / 365.25
		if !per.hasBase[slot] {
			b := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeObservationBaseline, uint64(slot))
			per.baseline[slot] = b.NormalMS(0, m.SD)
			per.hasBase[slot] = true
		}
		usual := m.Mean + m.AgeSlope*(ageYears-40) + per.baseline[slot]
		if per.sex == 1 {
			usual += m.MaleShift
		}
		usual += conditionEffects(per, slot, day)
		usual = keepUndiagnosed(per, p.obsLimits[slot], usual, m.Noise, day)
		v = usual + s.NormalMS(0, m.Noise)
	}
	v = math.Min(m.Max, math.Max(m.Min, v))
	v = math.Round(v*p.obsScale[slot]) / p.obsScale[slot]
	per.lastVal[slot], per.lastAt[slot], per.hasLast[slot] = v, t, true
	return v
}

// keepUndiagnosed keeps a person's usual level on the healthy side of the
// diagnostic threshold of every condition they do not have on the day, by
// two visit-to-visit spreads (an excess is mirrored back across that cap),
// so that only the odd reading crosses it. A
// threshold does not apply to someone with a condition that rules its own
// condition out (diabetes supersedes non-diabetic hyperglycaemia).
func keepUndiagnosed(per *person, limits []obsLimit, usual, noise float64, day models.Date) float64 {
	for _, l := range limits {
		if holdsOrSupersedes(per, l.cond, day) {
			continue
		}
		// Reflect an excess back across the cap rather than clamp it, so
		// values spread below the cap instead of piling up on it.
		if limit := l.value - 2*noise; l.upper && usual > limit {
			usual = limit - (usual - limit)
		} else if limit := l.value + 2*noise; !l.upper && usual < limit {
			usual = limit + (limit - usual)
		}
	}
	return usual
}

// holdsOrSupersedes reports whether the person has, on the day, condition
// ci or a condition that excludes it.
func holdsOrSupersedes(per *person, ci int, day models.Date) bool {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.onset > day {
			continue
		}
		if hc.plan.idx == ci {
			return true
		}
		for _, x := range hc.plan.excludes {
			if x == ci {
				return true
			}
		}
	}
	return false
}

// drugEffectDays is how long after starting a drug its effect shows in
// measurements (HbA1c reflects about three months of glucose).
const drugEffectDays = 60

// conditionEffects adds up, for an observation slot on a day, the effects of
// the conditions held by then, their drift since diagnosis, and the effects
// of the drugs started for them.
func conditionEffects(per *person, slot int, day models.Date) float64 {
	var v float64
	for ci := range per.conds {
		hc := &per.conds[ci]
		if hc.onset > day {
			continue
		}
		for _, e := range hc.plan.effects {
			if e.obs == slot {
				v += e.delta
			}
		}
		for _, e := range hc.plan.trend {
			if e.obs == slot {
				v += e.delta * float64(day-hc.onset) / 365.25
			}
		}
		for _, d := range hc.drugs {
			if day < d.start+drugEffectDays {
				continue
			}
			for _, e := range d.effects {
				if e.obs == slot {
					v += e.delta
				}
			}
		}
	}
	return v
}

// height is the adult's height in metres, fixed per person.
func (w *worker) height(per *person) float64 {
	if per.heightM == 0 {
		b := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeObservationBaseline, 0x686569676874)
		mean := 1.62
		if per.sex == 1 {
			mean = 1.76
		}
		per.heightM = b.TruncNormal(mean, 0.07, 1.4, 2.05)
	}
	return per.heightM
}
