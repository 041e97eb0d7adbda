package generator

import (
	"cmp"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A sepsis episode is one person's physiology (twenty-seventh review).
// Before, every reading was drawn afresh, so a temperature of 35.1 in A&E
// could read 38.5 on the ward an hour later; NEWS2 left out consciousness
// and oxygen; an adult admitted for sepsis often scored 2-3; and no blood
// culture or lactate was taken. Now the person's usual readings, the cold
// or febrile share, the severity and a new confusion are drawn at the
// episode's first contact, each contact's readings vary about them by a
// small noise and recover as the illness's move fades, and the first
// contact takes the Sepsis Six's blood culture and lactate.

// sepsisEpisode is what is drawn once an episode.
type sepsisEpisode struct {
	first    models.Timestamp // the first contact's start
	sev      float64          // the illness's factor on every move
	usual    []float64        // per reading: the person's own (NaN: not measured at this age)
	low      []bool           // per reading: moved the other way (a cold temperature)
	confused bool             // new confusion (ACVPU C)
	admitted bool             // the episode has an admission
	lenient  bool             // admitted on judgement with a score below the least
}

// sepsisContactOf is one A&E attendance or admission for sepsis.
type sepsisContactOf struct {
	e int               // its encounter's index in the batch
	c *models.Condition // the sepsis condition row it is for
}

// sepsisVitals records, at every A&E attendance and admission for sepsis
// (or a death from it), the vital signs moved by the illness, in adults
// the coded confusion and oxygen and their NEWS2 total, 10 minutes in and a
// minute apart, and at the episode's first contact its tests. Contacts are
// taken in time order, so an episode's first is its first. It runs once the
// person's contacts are all written, so every path that books one is
// measured alike; its draws are the person's own.
func (w *worker) sepsisVitals(per *person) {
	sp := w.plan.sepsis
	w.sepsisEps = nil
	if sp == nil {
		return
	}
	var contacts []sepsisContactOf
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if enc.ReasonConditionID == "" || !slices.Contains(sp.Settings, enc.Setting) {
			continue
		}
		if c := w.conditionRow(per, enc.ReasonConditionID); c != nil && slices.Contains(sp.Problems, c.ConditionKey) {
			contacts = append(contacts, sepsisContactOf{e, c})
		}
	}
	if len(contacts) == 0 { // most people: no stream, no map
		return
	}
	slices.SortStableFunc(contacts, func(a, b sepsisContactOf) int {
		return cmp.Compare(w.b.Encounters[a.e].StartTime, w.b.Encounters[b.e].StartTime)
	})
	s := per.stream(w.plan.Opts.Seed, purposeSepsisVitals)
	episodes := map[string]*sepsisEpisode{}
	for _, x := range contacts {
		enc := w.b.Encounters[x.e] // a copy: observing grows the batch
		ep := episodes[x.c.ConditionID]
		first := ep == nil
		if first {
			ep = w.sepsisEpisode(per, enc.StartTime, x.c.ConditionID, contacts, &s)
			episodes[x.c.ConditionID] = ep
		}
		w.sepsisContact(per, &enc, ep, first, &s)
	}
	w.sepsisEps = episodes
}

// sepsisAdmitted records the sepsis vitals at an admission for sepsis
// written after sepsisVitals ran (a baby of under 3 months whose A&E
// temperature was 38 or more, febrileinfant.go), as one more contact of
// the episode its A&E attendance began, on a stream of its own keyed by
// the day. Before, the admission's readings skipped the sepsis vitals'
// contact and none were written: a baby of 72 days admitted with sepsis
// read nothing (fix72d; an A&E attendance out of a seasonal problem's
// season drawn as sepsis, h72d; TestSepsisContactsRecordVitals).
func (w *worker) sepsisAdmitted(per *person, e int) {
	sp := w.plan.sepsis
	enc := w.b.Encounters[e] // a copy: observing grows the batch
	ep := w.sepsisEps[enc.ReasonConditionID]
	if sp == nil || ep == nil || !slices.Contains(sp.Settings, enc.Setting) {
		return
	}
	ep.admitted = ep.admitted || enc.Setting == settingInpatient
	s := per.stream(w.plan.Opts.Seed, purposeSepsisVitals, uint64(enc.StartTime.Date()), 1)
	w.sepsisContact(per, &enc, ep, false, &s)
}

// sepsisEpisode draws an episode at its first contact at t: the severity
// (worse when the person dies of sepsis within the catalogue's days), the
// person's usual readings, the cold share, a new confusion, and whether an
// admitted adult may score below the least.
func (w *worker) sepsisEpisode(per *person, t models.Timestamp, condID string, contacts []sepsisContactOf, s *distributions.Stream) *sepsisEpisode {
	sp := w.plan.sepsis
	ep := &sepsisEpisode{first: t, usual: make([]float64, len(sp.Readings)), low: make([]bool, len(sp.Readings))}
	ep.sev = max(sp.Severity.Least, s.NormalMS(1, sp.Severity.Sd))
	if w.diesOfSepsis(per, t.Date()) {
		ep.sev *= sp.Severity.Dying
	}
	for i := range sp.Readings {
		r := &sp.Readings[i]
		ep.low[i] = r.Low > 0 && s.Bernoulli(r.Low)
		ep.usual[i] = math.NaN()
		if !w.plan.obsModels[sp.slots[i]].AdultOnly || t.Date() >= per.adultOn {
			ep.usual[i] = w.numericValue(per, sp.slots[i], t, s)
		}
	}
	age := per.ageOn(t.Date())
	ep.confused = age >= sp.Score.MinAge && s.Bernoulli(min(1, sp.Consciousness.Share(age)*ep.sev))
	ep.lenient = s.Bernoulli(sp.Admitted.BelowShare)
	for _, x := range contacts {
		ep.admitted = ep.admitted || (x.c.ConditionID == condID && w.b.Encounters[x.e].Setting == settingInpatient)
	}
	return ep
}

// sepsisRead is one contact's readings and what they score.
type sepsisRead struct {
	vals   []float64 // per reading (NaN: not measured)
	all    bool      // every reading measured: the score is written
	oxygen bool      // on supplemental oxygen
	total  int       // the NEWS2 total
}

// sepsisContact writes one contact's readings. The illness's move has faded
// by the time since the episode's first contact; an admitted adult's
// severity is raised, for this and later contacts, until the score is at
// least the catalogue's least (bar the lenient share).
func (w *worker) sepsisContact(per *person, enc *models.Encounter, ep *sepsisEpisode, first bool, s *distributions.Stream) {
	sp := w.plan.sepsis
	age := per.ageOn(enc.StartTime.Date())
	days := float64(enc.StartTime-ep.first) / float64(models.MicrosPerMinute) / (24 * 60)
	fade := math.Exp2(-days / sp.Recovery.HalfLifeDays)
	noise := make([]float64, len(sp.Readings))
	for i := range sp.Readings {
		noise[i] = s.NormalMS(0, sp.Readings[i].Noise)
	}
	rd := w.sepsisRead(ep, age, fade, noise)
	for n := 0; rd.all && ep.admitted && !ep.lenient && rd.total < sp.Admitted.Least && n < 50; n++ {
		ep.sev += sp.Admitted.Step
		rd = w.sepsisRead(ep, age, fade, noise)
	}
	// Readings from ten minutes in, a minute apart, but never after the
	// contact ends: a baby born and dying within the hour had her sepsis
	// readings written after the death (audit events-after-death, generate
	// -n 30000 -s 23, the 5,864th person).
	last := enc.EndTime
	if last <= enc.StartTime {
		last = models.Timestamp(math.MaxInt64) // still open
	}
	t := min(enc.StartTime.AddMinutes(10), last)
	for i, v := range rd.vals {
		if !math.IsNaN(v) {
			w.valued(per, enc.EncounterID, t, &w.plan.obsCodes[sp.slots[i]], v)
			t = min(t.AddMinutes(1), last)
		}
	}
	if rd.all {
		if ep.confused {
			w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, t, &sp.confusion))
			t = min(t.AddMinutes(1), last)
		}
		if rd.oxygen {
			w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, t, &sp.oxygen))
			t = min(t.AddMinutes(1), last)
		}
		w.valued(per, enc.EncounterID, t, &sp.score, float64(rd.total))
		t = min(t.AddMinutes(1), last)
	}
	if !first {
		return
	}
	for i := range sp.Tests {
		tt, code := &sp.Tests[i], &sp.tests[i]
		if tt.Mean > 0 {
			v := max(tt.Least, s.NormalMS(tt.Mean, tt.Sd)+tt.Move*ep.sev)
			w.valued(per, enc.EncounterID, t, code, math.Round(v*10)/10)
		} else {
			w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, t, code))
		}
		t = min(t.AddMinutes(1), last)
	}
}

// valued appends an observation of code with value v in the code's unit.
func (w *worker) valued(per *person, encID string, t models.Timestamp, code *datasets.ObservationCode, v float64) {
	o := w.observation(per, encID, t, code)
	o.Value, o.Unit = w.value(v), code.Unit
	w.b.Observations = append(w.b.Observations, o)
}

// sepsisRead is the episode's readings at a contact: each the person's usual
// one moved by the illness at the episode's severity, faded by fade, plus
// the contact's noise; in a child at least the threshold for the age; and
// what they score, with a new confusion and oxygen given below the
// catalogue's saturation.
func (w *worker) sepsisRead(ep *sepsisEpisode, age int, fade float64, noise []float64) sepsisRead {
	p, sp := w.plan, w.plan.sepsis
	rd := sepsisRead{vals: make([]float64, len(sp.Readings)), all: age >= sp.Score.MinAge}
	for i := range sp.Readings {
		r, slot := &sp.Readings[i], sp.slots[i]
		v := ep.usual[i]
		if math.IsNaN(v) {
			rd.vals[i], rd.all = v, false
			continue
		}
		m := p.obsModels[slot]
		move := r.Move
		if ep.low[i] {
			move = r.LowMove
		}
		if r.Ratio {
			v *= 1 + move*ep.sev*fade
		} else {
			v += move * ep.sev * fade
		}
		v += noise[i]
		if least, ok := r.ChildLeast(age); ok && age < 16 && !ep.low[i] && v < least {
			v = 2*least - v // the child with sepsis is past the guideline's threshold
		}
		if v < m.Min {
			v = 2*m.Min - v // mirrored off the scale's floor rather than piled on it (a dying patient's systolic)
		}
		if ep.low[i] && v >= r.LowBelow {
			v = 2*r.LowBelow - v - 0.2 // below it, not on it
		}
		v = math.Min(m.Max, math.Max(m.Min, v))
		v = math.Round(v*p.obsScale[slot]) / p.obsScale[slot]
		rd.vals[i] = v
		rd.total += datasets.BandScore(r.Bands, v)
		if i == sp.oxygenAt && v < sp.Oxygen.Below {
			rd.oxygen = true
		}
	}
	if rd.all {
		if ep.confused {
			rd.total += sp.Consciousness.Score
		}
		if rd.oxygen {
			rd.total += sp.Oxygen.Score
		}
	}
	return rd
}
