package generator

import (
	"github.com/code4health/cohortgen/models"
)

// New hypertension of pregnancy as a state (brief h64f). Before, a raised
// antenatal reading came only from a woman's own usual pressure and its
// noise, so gestational hypertension was coded where the noise fell rather
// than where a disease was. pregnancy.yaml raised_bp onset: a share of
// pregnancies (BMJ Best Practice: gestational hypertension in 6%) develop
// it from a day after 20 weeks to the birth, which lifts the usual blood
// pressure to a level in the hypertensive range until labetalol runs; the
// readings it raises are then assessed, coded and treated by
// raisedPressure (pregnancybp.go).

// gestationalOnset is the new hypertension of the woman's i-th pregnancy as
// drawn: its first day and the systolic and diastolic levels it holds her
// at; ok false when this pregnancy has none. Its own stream (sub-key 7),
// every draw made, so that it is the same whenever it is asked.
func (w *worker) gestationalOnset(per *person, i int) (from models.Date, sys, dia float64, ok bool) {
	o := w.plan.pregnancy.raisedBP.r.Onset
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 7)
	u := s.Float64()
	from = per.pregnancies[i].lmp + models.Date(o.Days[0]+s.IntN(o.Days[1]-o.Days[0]+1))
	sys = o.Systolic[0] + s.Float64()*(o.Systolic[1]-o.Systolic[0])
	dia = o.Diastolic[0] + s.Float64()*(o.Diastolic[1]-o.Diastolic[0])
	return from, sys, dia, u < o.IncidencePct/100
}

// gestationalPressure is the usual blood pressure (slot systolic or
// diastolic, usual as it stands) on day d, raised to the level of a new
// hypertension of pregnancy the woman has then, unless its treatment runs
// (its target reached: model).
func (w *worker) gestationalPressure(per *person, slot int, d models.Date, usual float64) float64 {
	pp := w.plan.pregnancy
	if pp == nil || pp.raisedBP == nil || pp.raisedBP.r.Onset == nil || len(per.pregnancies) == 0 ||
		(slot != w.plan.slots.systolic && slot != w.plan.slots.diastolic) {
		return usual
	}
	for i := range per.pregnancies {
		pg := &per.pregnancies[i]
		if d < pg.lmp+models.Date(pp.raisedBP.r.Onset.Days[0]) || d >= pg.end {
			continue
		}
		from, sys, dia, ok := w.gestationalOnset(per, i)
		if !ok || d < from || w.gestationalBPTreated(per, d) {
			return usual
		}
		if slot == w.plan.slots.diastolic {
			return max(usual, dia)
		}
		return max(usual, sys)
	}
	return usual
}

// gestationalBPTreated reports whether a medicine of the treatment of new
// hypertension of pregnancy (labetalol, nifedipine: brief h69c) runs on day d.
func (w *worker) gestationalBPTreated(per *person, d models.Date) bool {
	for _, m := range w.plan.pregnancy.raisedBP.meds {
		if w.medRunning(per, m, d, d) {
			return true
		}
	}
	return false
}
