package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Sepsis is assessed at A&E and on the ward with the vital signs NICE NG51
// asks for and, in adults, the NEWS2 score (catalogue sepsis_vitals;
// twenty-sixth review). Before, a GP read sepsis at A&E and on admission
// with no observation at all.

// sepsisPlan is the catalogue's sepsis_vitals resolved to observation slots.
type sepsisPlan struct {
	*datasets.SepsisVitals
	slots []int                    // per reading
	score datasets.ObservationCode // the NEWS2 total
}

// buildSepsisVitals resolves the catalogue's sepsis vitals (checked on load).
func (p *Plan) buildSepsisVitals() {
	sv := p.Cat.SepsisVitals
	if sv == nil {
		return
	}
	sp := &sepsisPlan{SepsisVitals: sv}
	for _, r := range sv.Readings {
		sp.slots = append(sp.slots, p.obsIndex[r.Observation])
	}
	sp.score, _ = datasets.ObservationByKey(sv.Score.Observation)
	p.sepsis = sp
}

// measures reports whether the sepsis vitals take the readings at an
// encounter in setting about problem key: the contact readings leave those
// contacts to them (a feverish child's temperature is not written twice).
func (sp *sepsisPlan) measures(setting, key string) bool {
	return sp != nil && slices.Contains(sp.Settings, setting) && slices.Contains(sp.Problems, key)
}

// sepsisVitals records, at every A&E attendance and admission for sepsis
// (or a death from it), the vital signs moved by the illness, and in adults
// their NEWS2 total: 10 minutes in, a minute apart. The episode's severity
// is drawn once, so its A&E and ward readings agree, and it is worse when
// the person dies of sepsis within the catalogue's days. It runs once the
// person's contacts are all written, so every path that books one is
// measured alike; its draws are the person's own.
func (w *worker) sepsisVitals(per *person) {
	sp := w.plan.sepsis
	if sp == nil {
		return
	}
	var s distributions.Stream
	var severity map[string]float64 // by condition row; made at the first sepsis contact (most people have none)
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := w.b.Encounters[e] // a copy: observing grows the batch
		if enc.ReasonConditionID == "" || !slices.Contains(sp.Settings, enc.Setting) {
			continue
		}
		c := w.conditionRow(per, enc.ReasonConditionID)
		if c == nil || !slices.Contains(sp.Problems, c.ConditionKey) {
			continue
		}
		if severity == nil {
			s, severity = distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeSepsisVitals), map[string]float64{}
		}
		d := enc.StartTime.Date()
		sev, ok := severity[c.ConditionID]
		if !ok {
			sev = max(sp.Severity.Least, s.NormalMS(1, sp.Severity.Sd))
			if w.diesOfSepsis(per, d) {
				sev *= sp.Severity.Dying
			}
			severity[c.ConditionID] = sev
		}
		age := per.ageOn(d)
		t := enc.StartTime.AddMinutes(10)
		total, scored := 0, 0
		for i := range sp.Readings {
			r := &sp.Readings[i]
			v, ok := w.sepsisReading(per, enc.EncounterID, t, sp.slots[i], r, sev, age, &s)
			if !ok {
				continue
			}
			total += datasets.BandScore(r.Bands, v)
			scored++
			t = t.AddMinutes(1)
		}
		if age >= sp.Score.MinAge && scored == len(sp.Readings) {
			o := w.observation(per, enc.EncounterID, t, &sp.score)
			w.values = append(w.values, float64(total))
			o.Value, o.Unit = &w.values[len(w.values)-1], sp.score.Unit
			w.b.Observations = append(w.b.Observations, o)
		}
	}
}

// sepsisReading writes reading r of slot at time t: the person's usual
// reading moved by the illness at severity sev (the other way, in a share
// of readings, when r has a low share), and in a child at least the
// threshold for the age; it reports the value and false when the slot is
// not measured at this age.
func (w *worker) sepsisReading(per *person, encID string, t models.Timestamp, slot int, r *datasets.SepsisReading, sev float64, age int, s *distributions.Stream) (float64, bool) {
	p := w.plan
	m := p.obsModels[slot]
	if m.AdultOnly && t.Date() < per.adultOn {
		return 0, false
	}
	v := w.numericValue(per, slot, t, s)
	low := r.Low > 0 && s.Bernoulli(r.Low)
	move := r.Move
	if low {
		move = r.LowMove
	}
	if r.Ratio {
		v *= 1 + move*sev
	} else {
		v += move * sev
	}
	if least, ok := r.ChildLeast(age); ok && age < 16 && !low && v < least {
		v = 2*least - v // the child with sepsis is past the guideline's threshold
	}
	if v < m.Min {
		v = 2*m.Min - v // mirrored off the scale's floor rather than piled on it (a dying patient's systolic)
	}
	if low && v >= r.LowBelow {
		v = 2*r.LowBelow - v - 0.2 // below it, not on it
	}
	v = math.Min(m.Max, math.Max(m.Min, v))
	v = math.Round(v*p.obsScale[slot]) / p.obsScale[slot]
	o := w.observation(per, encID, t, &p.obsCodes[slot])
	w.values = append(w.values, v)
	o.Value, o.Unit = &w.values[len(w.values)-1], p.obsCodes[slot].Unit
	w.b.Observations = append(w.b.Observations, o)
	return v, true
}

// diesOfSepsis reports whether the person dies of one of the sepsis
// problems within the catalogue's days of day d.
func (w *worker) diesOfSepsis(per *person, d models.Date) bool {
	sp := w.plan.sepsis
	if per.death == models.NoDate || per.death < d || int(per.death-d) > sp.Severity.DyingDays || per.causeBackground < 0 {
		return false
	}
	return slices.Contains(sp.Problems, w.plan.Cat.BackgroundCauses[per.causeBackground].RowKey())
}
