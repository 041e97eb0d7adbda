package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Iron deficiency anaemia is coded on a ferritin (anaemia.yaml
// iron_deficiency confirm; fifty-first session, issue 9). Before, a low
// count with no iron study coded it: 1,168 of 1,806 episodes had no
// ferritin below 30 in the 30 days before (a heavy-periods blood count, a
// dementia diagnosis's bloods, methotrexate monitoring; generate -n 20000
// -s 5). Now the contact that codes it adds a ferritin to the count's
// sample when none confirms it, read from the person's state and held
// below the level beside the anaemic count as the tiredness ferritin is
// (the model's anaemia is iron deficiency); an adolescent's too (113 girls
// under 18 with heavy periods), though the ferritin is otherwise an
// adult's reading: the adult level read, held low. It draws from a stream
// of its own, keyed by the day, so nothing else moves.

// confirmIronDeficiency adds a ferritin at contact encID (time t) when the
// anaemia row id was coded there and neither the contact nor the record's
// last within_days holds one that confirms it, unless the test list being
// recorded reads one after the count (ferritinFollows).
func (w *worker) confirmIronDeficiency(per *person, id, encID string, t models.Timestamp) {
	a := &w.plan.anaemia
	cf := a.deficiency.Confirm
	if cf == nil || a.ferritinSlot < 0 || w.ferritinFollows || id == "" {
		return
	}
	if c := w.conditionRow(per, id); c == nil || c.DiagnosisEncounterID != encID {
		return // an episode coded elsewhere, extended to this count
	}
	if _, ok := w.readAt(per, encID, a.ferritinSlot); ok || w.lowFerritinWithin(per, t.Date(), cf.Below, models.Date(cf.WithinDays)) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeAddOnFerritin, uint64(t.Date()))
	o := len(w.b.Observations)
	w.anyAge = true // an adolescent's heavy periods too: the adult level, held low beside the count
	w.observe(per, encID, t, a.ferritinSlot, &s)
	w.anyAge = false
	if o < len(w.b.Observations) {
		w.holdFerritinBesideAnaemia(per, &w.b.Observations[o])
	}
}

// lowFerritinWithin reports whether the record holds a ferritin below
// level read from days before day d to d.
func (w *worker) lowFerritinWithin(per *person, d models.Date, level float64, days models.Date) bool {
	code := w.plan.obsCodes[w.plan.anaemia.ferritinSlot].Snomed
	for j := per.obsFrom; j < len(w.b.Observations); j++ {
		o := &w.b.Observations[j]
		if od := o.EffectiveTime.Date(); o.SnomedCode == code && o.Value != nil && *o.Value < level && od <= d && d-od <= days {
			return true
		}
	}
	return false
}

// readsFerritin reports whether a ferritin of list is the person's at a
// contact about problem on day d: it confirms the list's own low count.
func (w *worker) readsFerritin(per *person, list []episodeTestPlan, problem string, d models.Date) bool {
	f := w.plan.anaemia.ferritinSlot
	for k := range list {
		if f >= 0 && list[k].slot == f && list[k].applies(per, problem, d) {
			return true
		}
	}
	return false
}
