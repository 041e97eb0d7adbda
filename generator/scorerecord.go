package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Recorded risk scores (issue 9, session 54). A GP found the CHA2DS2-VASc
// score never coded in AF although anticoagulation was decided by it: the
// decision read a number no one could see. A gate's score that names an
// observation (catalogue scores `observation`) is now written, with its
// value, at the condition's diagnosis and at each of its reviews in the
// record: the same number the gate decides with on the day (NICE NG196 1.6:
// assess stroke risk with CHA2DS2-VASc at diagnosis and review it).

// resolveScoreCodes looks up the observation code of each catalogue score
// that names one (checked by the catalogue loader).
func (p *Plan) resolveScoreCodes() {
	p.scoreCodes = map[string]*datasets.ObservationCode{}
	for name, sc := range p.Cat.Scores {
		if sc.Observation == "" {
			continue
		}
		if o, ok := datasets.ObservationByKey(sc.Observation); ok {
			p.scoreCodes[name] = &o
		}
	}
}

// gateScore adds up the gate's risk score for the person on day d from the
// conditions diagnosed by then, their age and sex.
func (w *worker) gateScore(per *person, g *datasets.LineGate, d models.Date) int {
	has := func(key string) bool {
		j := heldIndex(per, w.plan.condIndex[key])
		return j >= 0 && per.conds[j].onset <= d
	}
	sc := w.plan.Cat.Scores[g.Score]
	return sc.Points(per.ageOn(d), per.sex == sexIndex("female"), has)
}

// recordGateScore writes, at a diagnosis or review of the person's ci-th
// held condition (encounter encID, time t), the risk score its first line's
// gate reads, when the score has a code: once an encounter.
func (w *worker) recordGateScore(per *person, ci int, encID string, t models.Timestamp) {
	g := gateOf(per.conds[ci].plan)
	if g == nil || g.Score == "" {
		return
	}
	code := w.plan.scoreCodes[g.Score]
	if code == nil || w.codedAt(per, encID, code.Snomed) {
		return
	}
	n := w.gateScore(per, g, t.Date())
	per.conds[ci].scoredOn, per.conds[ci].scoredAt = t.Date(), n
	v := float64(n)
	o := w.observation(per, encID, t, code)
	o.Value, o.Unit = &v, code.Unit
	w.b.Observations = append(w.b.Observations, o)
}
