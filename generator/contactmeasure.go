package generator

import (
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// contactMeasurements records, at a face-to-face GP contact about a
// long-term condition the person holds, what the clinician measures in the
// room for it when the contact has recorded nothing else: the condition's
// review observations marked at_contact in the catalogue (blood pressure
// for hypertension, peak flow for asthma, PHQ-9 for depression), or blood
// pressure for a condition with none (the commonest opportunistic
// measurement). Before this a GP read a check-up about hypertension with no
// blood pressure, nothing recorded (8,134 such check-ups and 20,800 other
// face-to-face contacts about a long-term condition on -n 20000 -s 5; tenth
// review).
func (w *worker) contactMeasurements(per *person, encID string, reason string, t models.Timestamp, obsFrom int, s *distributions.Stream) {
	k := heldRow(per, reason)
	if k < 0 {
		return
	}
	for i := obsFrom; i < len(w.b.Observations); i++ {
		if w.b.Observations[i].EncounterID == encID {
			return // measured already
		}
	}
	slots := per.conds[k].plan.atContact
	if len(slots) == 0 {
		slots = []int{w.plan.slots.systolic, w.plan.slots.diastolic}
	}
	for _, slot := range slots {
		w.observe(per, encID, t, slot, s)
	}
}

// contactReadingPlan is a catalogue contact_readings entry resolved to its
// observation slot.
type contactReadingPlan struct {
	slot     int
	maxAge   int
	problems map[string]float64 // problem key -> raise on the episode's first day
	atLeast  map[string]float64 // problem key -> least reading at the contact that diagnoses it
}

// buildContactReadings resolves the catalogue's contact readings.
func (p *Plan) buildContactReadings() {
	for _, r := range p.Cat.ContactReadings {
		p.contactReadings = append(p.contactReadings, contactReadingPlan{slot: p.obsIndex[r.Observation], maxAge: r.MaxAge, problems: r.Problems, atLeast: r.AtLeast})
	}
}

// contactReadings records, at each face-to-face GP contact about an acute
// problem of a child, what the GP measures in the room for it (catalogue
// contact_readings): the temperature of a child with a fever or an
// infection, raised on the episode's first day by its illness and less so
// as it passes. Before this, 99.9% of children's GP contacts (95% under 5)
// recorded nothing at all (generate -n 20000 -s 5; eleventh review). It runs
// once the person's contacts are all written, so every path that books a GP
// contact (a referral, a follow-up, an acute episode) is measured alike.
func (w *worker) contactReadings(per *person) {
	p := w.plan
	if len(p.contactReadings) == 0 {
		return
	}
	phone := p.encTypes[encGPTelephone].Code
	s := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeContactReadings)
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if enc.Setting != settingGP || enc.ReasonConditionID == "" || enc.TypeCode == phone {
			continue
		}
		d := enc.StartTime.Date()
		var c *models.Condition
		for _, r := range p.contactReadings {
			if per.ageOn(d) > r.maxAge {
				continue
			}
			if c == nil {
				if c = w.conditionRow(per, enc.ReasonConditionID); c == nil {
					break
				}
			}
			raise, ok := r.problems[c.ConditionKey]
			if !ok {
				continue
			}
			n := len(w.b.Observations)
			w.observe(per, enc.EncounterID, enc.StartTime.AddMinutes(5), r.slot, &s)
			if len(w.b.Observations) == n || raise == 0 {
				continue
			}
			fade := 1.0 // the illness's rise, gone by the episode's end
			if c.ResolvedDate != models.NoDate && c.ResolvedDate > c.OnsetDate {
				fade = max(0, 1-float64(d-c.OnsetDate)/float64(c.ResolvedDate-c.OnsetDate))
			}
			m := p.obsModels[r.slot]
			v := w.b.Observations[n].Value
			*v = math.Min(m.Max, *v+raise*fade)
			if least, ok := r.atLeast[c.ConditionKey]; ok && enc.EncounterID == c.DiagnosisEncounterID && *v < least {
				*v = math.Min(m.Max, 2*least-*v) // the reading that named the problem (a fever is 38 or more)
			}
			*v = math.Round(*v*p.obsScale[r.slot]) / p.obsScale[r.slot]
		}
	}
}

// conditionRow is the person's condition row with the id, or nil.
func (w *worker) conditionRow(per *person, id string) *models.Condition {
	for k := len(w.b.Conditions) - 1; k >= per.condFrom; k-- {
		if w.b.Conditions[k].ConditionID == id {
			return &w.b.Conditions[k]
		}
	}
	return nil
}
