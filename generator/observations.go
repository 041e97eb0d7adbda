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
	day := t.Date()
	ageYears := float64(day-per.birth) / 365.25
	m := p.obsModels[slot]
	if m != nil && m.AdultOnly && ageYears < 18 {
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
	if !per.hasBase[slot] {
		b := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeObservationBaseline, uint64(slot))
		per.baseline[slot] = b.NormalMS(0, m.SD)
		per.hasBase[slot] = true
	}
	v := m.Mean + m.AgeSlope*(ageYears-40) + per.baseline[slot] + s.NormalMS(0, m.Noise)
	if per.sex == 1 {
		v += m.MaleShift
	}
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
			if d.start > day {
				continue
			}
			for _, e := range d.effects {
				if e.obs == slot {
					v += e.delta
				}
			}
		}
	}
	v = math.Min(m.Max, math.Max(m.Min, v))
	scale := math.Pow10(m.Decimals)
	v = math.Round(v*scale) / scale
	w.values = append(w.values, v)
	o.Value = &w.values[len(w.values)-1]
	o.Unit = code.Unit
	w.b.Observations = append(w.b.Observations, o)
}
