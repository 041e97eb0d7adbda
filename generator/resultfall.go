package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/models"
)

// A result a problem lowers (catalogue result_fall; stop 51). A GP reading
// seed 29 found 181 of 221 acute kidney injuries with only an eGFR of 60 or
// more in the 30 days after, and no result anywhere showing the injury: the
// admission measured nothing, and the medicines the injury should have
// changed carried on. The injury's own eGFR is drawn when its episode
// begins, a share of the person's usual level (KDIGO 2012: a creatinine 1.5
// times the usual or more), and put where every prescriber reads results
// (egfrSeen, with the methotrexate stop that reads every result): a
// nitrofurantoin, a morphine, a gabapentin dose chosen after it reads it,
// as the audit's rules do. The reading itself is written once the person's
// contacts are, at the first contact about the injury that day (the A&E
// attendance, else the admission or the GP contact that sent the patient
// in).

// resultFallPlan is a presentation's result_fall resolved.
type resultFallPlan struct {
	slot      int
	share, sd float64
}

// resultFallen is one result a problem lowered: the episode's condition
// row, the day it began and the value drawn for it.
type resultFallen struct {
	fall  *resultFallPlan
	cond  string
	day   models.Date
	value float64
}

// resolveResultFalls resolves each presentation's result_fall.
func (p *Plan) resolveResultFalls() error {
	for i := range p.presentations {
		pr := &p.presentations[i]
		f := pr.ResultFall
		if f == nil {
			continue
		}
		slot, ok := p.obsIndex[f.Observation]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("catalogue: presentation %s: result_fall: %q is not a numeric observation of the catalogue", pr.Key, f.Observation)
		}
		pr.fall = &resultFallPlan{slot: slot, share: f.Share, sd: f.ShareSD}
	}
	return nil
}

// registerResultFall draws the result episode cond lowers, beginning on day
// d, from a stream keyed by that day (whatever order the contacts are
// written in), and makes it a result every prescriber reads from then on.
func (w *worker) registerResultFall(per *person, fp *resultFallPlan, cond string, d models.Date) {
	if d < per.firstDay || (per.death != models.NoDate && d > per.death) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeResultFall, uint64(d))
	m := w.plan.obsModels[fp.slot]
	share := math.Min(0.9, math.Max(0.05, s.NormalMS(fp.share, fp.sd))) // never a rise; never all of it
	v := w.usualLevel(per, fp.slot, d)*(1-share) + s.NormalMS(0, m.Noise)
	v = math.Min(m.Max, math.Max(m.Min, v))
	v = math.Round(v*w.plan.obsScale[fp.slot]) / w.plan.obsScale[fp.slot]
	per.falls = append(per.falls, resultFallen{fall: fp, cond: cond, day: d, value: v})
	if fp.slot == w.plan.slots.egfr {
		per.egfrSeen = append(per.egfrSeen, egfrReading{day: d, value: v})
		w.renalStopOn(per, v, d) // as for any eGFR result (methotrexate below 30)
	}
}

// writeResultFalls writes each lowered result at the first contact about
// its episode on its day, an hour or so after the contact begins (held
// inside a shorter one).
func (w *worker) writeResultFalls(per *person) {
	for _, f := range per.falls {
		enc := w.firstContactAbout(per, f.cond, f.day)
		if enc == nil {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeResultFall, uint64(f.day), 1)
		t := enc.StartTime.AddMinutes(30 + s.IntN(60))
		if last := enc.EndTime.AddMinutes(-10); t > last {
			t = max(enc.StartTime, enc.StartTime+(enc.EndTime-enc.StartTime)/2)
		}
		code := &w.plan.obsCodes[f.fall.slot]
		row := w.observation(per, enc.EncounterID, t, code)
		row.Value, row.Unit = w.value(f.value), code.Unit
		w.b.Observations = append(w.b.Observations, row)
	}
}

// firstContactAbout is the person's earliest encounter on day d whose
// reason is condition row cond (nil: none).
func (w *worker) firstContactAbout(per *person, cond string, d models.Date) *models.Encounter {
	var first *models.Encounter
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if enc.ReasonConditionID == cond && enc.StartTime.Date() == d && (first == nil || enc.StartTime < first.StartTime) {
			first = enc
		}
	}
	return first
}
