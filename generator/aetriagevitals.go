package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The A&E triage readings an adult's admission reads (ae_admission.yaml
// triage; brief h75h). Before, the decision was drawn from age and
// conditions and the readings apart from it: syncope with abnormal
// readings was admitted no more often than without, and adults with a
// NEWS2 of 5 or more went home. Now the readings are drawn first, at the
// decision, from the person's usual levels that day and the illness (an
// attendance unwell by its problem's share has its moves), the early
// warning score read from them admits at the urgent threshold, and the
// contact readings written at the attendance are these.

// triageReading is a triage observation: its key and slot, and whether the
// score reads it.
type triageReading struct {
	key    string
	slot   int
	scored bool
}

// maxTriageReadings bounds the triage's readings: a person's vitals are an
// array, not a slice made for each attendance.
const maxTriageReadings = 8

// triageVitals is one attendance's triage readings (by the plan's
// readings' order), for the problem seen on day.
type triageVitals struct {
	day     models.Date
	problem string
	vals    [maxTriageReadings]float64
}

// resolveTriageReadings resolves the triage's readings to their slots:
// one the catalogue lacks is an error.
func (p *Plan) resolveTriageReadings() error {
	score, err := datasets.LoadAETriage()
	if err != nil {
		return err
	}
	t := &p.aeTriage
	t.score = score
	keys := make([]string, 0, len(score.Scores))
	for k := range score.Scores {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a fixed order: the draws follow it
	for _, k := range append(keys, score.Plain...) {
		slot, ok := p.obsIndex[k]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("ae_admission.yaml: triage reading %q is not a numeric catalogue observation", k)
		}
		_, scored := score.Scores[k]
		t.readings = append(t.readings, triageReading{k, slot, scored})
	}
	if len(t.readings) > maxTriageReadings {
		return fmt.Errorf("ae_admission.yaml: %d triage readings, at most %d", len(t.readings), maxTriageReadings)
	}
	return nil
}

// triageUrgent draws the triage readings of an adult of age seen at A&E
// with a's problem on day d, keeps them for the attendance's record, and
// reports whether the early warning score read from them admits. Drawn
// again for the same attendance (the decision is asked twice on one day),
// they are the same: the stream is the day's.
func (w *worker) triageUrgent(per *person, a *datasets.AEAdmission, d models.Date, age int) bool {
	t := &w.plan.aeTriage
	s := per.stream(w.plan.Opts.Seed, purposeTriageVitals, uint64(d))
	unwell := s.Bernoulli(a.UnwellAt(age))
	severity := 0.6 + 0.8*s.Float64()
	tv := triageVitals{day: d, problem: a.Problem}
	scored := make(map[string]float64, len(t.readings))
	for k, r := range t.readings {
		m := w.plan.obsModels[r.slot]
		v := w.usualLevel(per, r.slot, d) + m.NoiseAt(age)*s.Normal()
		if unwell {
			v += a.Moves[r.key] * severity
		}
		v = math.Min(m.Max, math.Max(m.Min, v))
		tv.vals[k] = math.Round(v*w.plan.obsScale[r.slot]) / w.plan.obsScale[r.slot]
		if r.scored {
			scored[r.key] = tv.vals[k]
		}
	}
	w.keepTriage(per, tv, t.readings)
	return t.score.Urgent(scored)
}

// keepTriage keeps tv for the attendance's record (once a day and
// problem), its diastolic pressure kept below the systolic.
func (w *worker) keepTriage(per *person, tv triageVitals, readings []triageReading) {
	if triageOf(per, tv.day, tv.problem) != nil {
		return
	}
	sys, dia := -1, -1
	for k, r := range readings {
		switch r.slot {
		case w.plan.slots.systolic:
			sys = k
		case w.plan.slots.diastolic:
			dia = k
		}
	}
	if sys >= 0 && dia >= 0 && tv.vals[dia] > tv.vals[sys]-15 {
		tv.vals[dia] = tv.vals[sys] - 15
	}
	per.triage = append(per.triage, tv)
}

// triageOf is the triage readings kept for problem on day d, or nil.
func triageOf(per *person, d models.Date, problem string) *triageVitals {
	for i := range per.triage {
		if per.triage[i].day == d && per.triage[i].problem == problem {
			return &per.triage[i]
		}
	}
	return nil
}

// triageValue is the kept triage reading of slot for an A&E attendance
// about condition c on day d, if the decision read one.
func (w *worker) triageValue(per *person, setting string, c *models.Condition, d models.Date, slot int) (float64, bool) {
	if setting != settingAE || len(per.triage) == 0 {
		return 0, false
	}
	tv := triageOf(per, d, c.ConditionKey)
	if tv == nil {
		return 0, false
	}
	for k, r := range w.plan.aeTriage.readings {
		if r.slot == slot {
			return tv.vals[k], true
		}
	}
	return 0, false
}
